import { CustomerErased } from './customer-erased.ts';
import { DetractorIdentified } from './detractor-identified.ts';
import { FollowUpAcknowledged } from './follow-up-acknowledged.ts';
import { FollowUpEscalated } from './follow-up-escalated.ts';
import { FollowUpOpened } from './follow-up-opened.ts';
import { FollowUpResolved } from './follow-up-resolved.ts';
import { inboundContracts } from './inbound.ts';
import { PromoterIdentified } from './promoter-identified.ts';
import { ScoreDropped } from './score-dropped.ts';
import { SurveyAnswered } from './survey-answered.ts';
import { SurveyReminderSent } from './survey-reminder-sent.ts';
import { SurveySent } from './survey-sent.ts';
import { SurveySkipped } from './survey-skipped.ts';

/** Every contract closeloop knows, inbound and outbound: the source of the published JSON Schemas. */
export const contracts = {
  inbound: inboundContracts,
  outbound: [
    SurveySent,
    SurveySkipped,
    SurveyReminderSent,
    SurveyAnswered,
    DetractorIdentified,
    PromoterIdentified,
    FollowUpOpened,
    FollowUpAcknowledged,
    FollowUpEscalated,
    FollowUpResolved,
    ScoreDropped,
    CustomerErased,
  ],
} as const;

export { CLOSELOOP_SOURCE } from './detail-types.ts';
