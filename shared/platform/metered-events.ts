import type * as z from 'zod/mini';
import { EventBridgePublisher } from '../adapters/eventbridge-publisher.ts';
import type { EventContract } from '../contracts/contract.ts';
import { DETAIL_TYPES } from '../contracts/detail-types.ts';
import type { EventPublisher } from '../ports/event-publisher.ts';
import { type BusinessMetric, countMetric, type MetricDimensions } from './business-metrics.ts';
import { eventBridgeClient } from './clients.ts';

type Detail = Record<string, unknown>;
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/**
 * Which published event counts as which business metric, with which dimensions: by detail-type, so that a function
 * carries (and builds at its cold start) only the contracts it publishes.
 */
const METERED: Record<string, (detail: Detail) => [BusinessMetric, MetricDimensions]> = {
  [DETAIL_TYPES.surveySent]: (d) => ['SurveysSent', { program: text(d.program) }],
  [DETAIL_TYPES.surveyReminderSent]: (d) => ['RemindersSent', { program: text(d.program) }],
  [DETAIL_TYPES.surveySkipped]: (d) => ['SurveysSkipped', { program: text(d.program), reason: text(d.reason) }],
  [DETAIL_TYPES.surveyAnswered]: (d) => [
    'AnswersRecorded',
    { program: text(d.program), class: text(d.class), channel: text(d.channel) },
  ],
  [DETAIL_TYPES.followUpOpened]: (d) => ['CasesOpened', { program: text(d.program) }],
  [DETAIL_TYPES.followUpEscalated]: (d) => ['CasesEscalated', { program: text(d.program) }],
  [DETAIL_TYPES.followUpResolved]: (d) => ['CasesResolved', { program: text(d.program) }],
};

/**
 * The events closeloop announces are its business facts: once the bus took one, it is counted as its metric. So
 * every function that announces a survey sent or a case opened counts it, and none can forget to.
 */
export class MeteredEventPublisher implements EventPublisher {
  private readonly inner: EventPublisher;

  constructor(inner: EventPublisher) {
    this.inner = inner;
  }

  async publish<S extends z.ZodMiniType>(contract: EventContract<S>, detail: z.input<S>, resources?: string[]) {
    await this.inner.publish(contract, detail, resources);
    const meter = METERED[contract.detailType];
    if (meter !== undefined) countMetric(...meter(detail as Detail));
  }
}

/** closeloop's bus, with every announced business fact counted: what every function publishes through. */
export const eventPublisher = (eventBusName: string): EventPublisher =>
  new MeteredEventPublisher(new EventBridgePublisher(eventBridgeClient(), eventBusName));
