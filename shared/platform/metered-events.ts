import type * as z from 'zod/mini';
import { EventBridgePublisher } from '../adapters/eventbridge-publisher.ts';
import type { EventContract } from '../contracts/contract.ts';
import { FollowUpEscalated } from '../contracts/follow-up-escalated.ts';
import { FollowUpOpened } from '../contracts/follow-up-opened.ts';
import { FollowUpResolved } from '../contracts/follow-up-resolved.ts';
import { SurveyAnswered } from '../contracts/survey-answered.ts';
import { SurveyReminderSent } from '../contracts/survey-reminder-sent.ts';
import { SurveySent } from '../contracts/survey-sent.ts';
import { SurveySkipped } from '../contracts/survey-skipped.ts';
import type { EventPublisher } from '../ports/event-publisher.ts';
import { type BusinessMetric, countMetric, type MetricDimensions } from './business-metrics.ts';
import { eventBridgeClient } from './clients.ts';

type Detail = Record<string, unknown>;
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** Which published event counts as which business metric, with which dimensions. */
const METERED: Record<string, (detail: Detail) => [BusinessMetric, MetricDimensions]> = {
  [SurveySent.detailType]: (d) => ['SurveysSent', { program: text(d.program) }],
  [SurveyReminderSent.detailType]: (d) => ['RemindersSent', { program: text(d.program) }],
  [SurveySkipped.detailType]: (d) => ['SurveysSkipped', { program: text(d.program), reason: text(d.reason) }],
  [SurveyAnswered.detailType]: (d) => [
    'AnswersRecorded',
    { program: text(d.program), class: text(d.class), channel: text(d.channel) },
  ],
  [FollowUpOpened.detailType]: (d) => ['CasesOpened', { program: text(d.program) }],
  [FollowUpEscalated.detailType]: (d) => ['CasesEscalated', { program: text(d.program) }],
  [FollowUpResolved.detailType]: (d) => ['CasesResolved', { program: text(d.program) }],
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
