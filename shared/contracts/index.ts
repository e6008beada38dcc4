import { PurchaseCompleted } from './purchase-completed.ts';
import { SurveyAnswered } from './survey-answered.ts';
import { SurveySent } from './survey-sent.ts';
import { TicketClosed } from './ticket-closed.ts';

/** Every contract closeloop knows, inbound and outbound: the source of the published JSON Schemas. */
export const contracts = {
  inbound: [PurchaseCompleted, TicketClosed],
  outbound: [SurveySent, SurveyAnswered],
} as const;

/** The `source` closeloop puts its own events under; the business's events use any other. */
export const CLOSELOOP_SOURCE = 'closeloop';
