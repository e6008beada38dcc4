import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/** The business metrics closeloop emits (namespace `closeloop`); the README's Operations section says what each means. */
export type BusinessMetric =
  | 'SurveysScheduled'
  | 'SurveysSent'
  | 'RemindersSent'
  | 'SurveysSkipped'
  | 'AnswersRecorded'
  | 'RepliesRecorded'
  | 'CasesOpened'
  | 'CasesEscalated'
  | 'CasesResolved'
  | 'OptionalValuesIgnored';

/**
 * Low-cardinality dimensions only: a program, a reason, an answer class, a channel, an outcome. Never a customer, survey or
 * store id: each distinct set of dimension values is a metric CloudWatch bills for.
 */
export type MetricDimensions = Partial<Record<'program' | 'reason' | 'class' | 'channel' | 'outcome', string>>;

/** EMF lines on stdout: CloudWatch Logs turns them into metrics in AWS; the local runtime reads the same lines. */
const metrics = new Metrics({
  namespace: 'closeloop',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'closeloop',
});

/** Counts a business event at once, as one EMF record with its own dimensions. */
export function countMetric(name: BusinessMetric, dimensions: MetricDimensions = {}, value = 1): void {
  const single = metrics.singleMetric();
  for (const [dimension, dimensionValue] of Object.entries(dimensions))
    if (dimensionValue !== undefined) single.addDimension(dimension, dimensionValue);
  single.addMetric(name, MetricUnit.Count, value);
}
