import { SurveySkipped } from '../contracts/survey-skipped.ts';
import { type Survey, surveyRefOf } from '../domain/survey.ts';
import type { Clock } from '../ports/clock.ts';
import type { EventPublisher } from '../ports/event-publisher.ts';
import type { SurveyRepository } from '../ports/survey-repository.ts';

/**
 * `Survey Skipped` once per skipped or cancelled survey (a crash before the bookkeeping repeats it, never loses it).
 * A step both scheduling (a survey skipped or cancelled before it is due) and sending (skipped when due) take.
 */
export async function announceSkipped(
  deps: { events: EventPublisher; surveys: Pick<SurveyRepository, 'markAnnounced'>; clock: Clock },
  survey: Survey,
) {
  if (survey.announced || survey.skipReason === undefined || survey.customer === undefined) return;
  if (survey.skipReason === 'answered' || survey.skipReason === 'expired')
    throw new Error(`Survey ${survey.id} cannot be skipped for ${survey.skipReason}`);
  await deps.events.publish(SurveySkipped, {
    ...surveyRefOf(survey),
    reason: survey.skipReason,
    skippedAt: deps.clock.now().toISOString(),
  });
  await deps.surveys.markAnnounced(survey.id, 'survey');
}
