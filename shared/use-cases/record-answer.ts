import { parseAnswer } from '../contracts/answer-input.ts';
import { SurveyAnswered, type SurveyAnsweredDetail } from '../contracts/survey-answered.ts';
import {
  type Answer,
  type AnswerChannel,
  changeWindowOpen,
  classify,
  type SurveyResponse,
  sameAnswer,
} from '../domain/answer.ts';
import { AnswerConflict, SurveyClosed } from '../domain/errors.ts';
import type { ReasonSettings } from '../domain/reasons.ts';
import { asksCes, type Survey, surveyRefOf } from '../domain/survey.ts';
import type { Clock } from '../ports/clock.ts';
import type { CommentTags, CommentThemes } from '../ports/comment-themes.ts';
import type { EventPublisher } from '../ports/event-publisher.ts';
import type { ResponseRepository } from '../ports/response-repository.ts';
import type { SigningKeys } from '../ports/signing-keys.ts';
import type { SurveyRepository } from '../ports/survey-repository.ts';
import { openSurvey } from './open-survey.ts';

export interface AnswerDeps {
  surveys: Pick<SurveyRepository, 'get'>;
  responses: ResponseRepository;
  events: EventPublisher;
  keys: SigningKeys;
  clock: Clock;
  /** Tags comments with the configured themes. */
  themes: CommentThemes;
  /** The configuration, for each program's reason question. */
  config: { programs: Readonly<Record<string, { reasons?: ReasonSettings | undefined }>> };
}

export interface RecordedAnswer {
  survey: Survey;
  response: SurveyResponse;
  outcome: 'recorded' | 'changed' | 'unchanged';
  previousScore?: number | undefined;
}

const MAX_ATTEMPTS = 6;

/**
 * Records a customer's answer, given through the answer page or by email.
 * 1. Open the survey from its signed link (bad link, unknown survey, expired link: nothing written).
 * 2. Validate the answer against the survey's scale.
 * 3. Read the stored answer: past its 7-day change window the survey is closed; the same answer again changes
 *    nothing but announces its event again (a crash may have left it unannounced).
 * 4. Write the answer and move the day's counters in one transaction conditioned on the version read; on a race,
 *    read again and retry.
 * 5. Announce `Survey Answered`: at least once. The event stays in the response's outbox (replaced by the next
 *    answer's, in that answer's transaction) rather than cleared by a write of its own after every answer; an
 *    answer given again announces it again, and consumers deduplicate by survey id and version.
 */
export async function recordAnswer(
  deps: AnswerDeps,
  input: { token: string; fields: unknown; channel: AnswerChannel },
): Promise<RecordedAnswer> {
  const survey = await openSurvey(deps, input.token);
  const given = parseAnswer(
    survey.metric,
    input.fields,
    asksCes(survey),
    deps.config.programs[survey.program]?.reasons,
  );
  let tagged: CommentTags | undefined;

  for (let attempt = 1; ; attempt++) {
    const now = deps.clock.now();
    const previous = await deps.responses.get(survey.id);
    if (previous && !changeWindowOpen(previous, now))
      throw new SurveyClosed('This survey has closed: answers can be changed for 7 days.');
    const answer = withReasons(given, previous, survey.metric);
    if (previous && sameAnswer(previous, answer)) {
      if (previous.pendingEvent) await announce(deps, previous.pendingEvent);
      return { survey, response: previous, outcome: 'unchanged' };
    }
    // A comment is tagged once; an unchanged one keeps the tags it has.
    const keepsComment = previous !== undefined && previous.comment === answer.comment;
    if (!keepsComment && tagged === undefined) tagged = await deps.themes.themesOf(answer.comment, survey.locale);
    const tags: CommentTags = keepsComment
      ? { themes: [...(previous.themes ?? [])], sentiment: previous.sentiment }
      : (tagged ?? { themes: [] });
    const next = nextResponse(survey, answer, tags, previous, { now, channel: input.channel });
    const event = answeredEvent(survey, next, previous);
    try {
      await deps.responses.save(survey, next, previous, event);
    } catch (error) {
      if (error instanceof AnswerConflict && attempt < MAX_ATTEMPTS) {
        // Racing answers retry apart, not in step.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * attempt));
        continue;
      }
      throw error;
    }
    await announce(deps, event);
    return { survey, response: next, outcome: previous ? 'changed' : 'recorded', previousScore: previous?.score };
  }
}

/** The stored answer after this one: its tags, the first answer's day, the next version. */
function nextResponse(
  survey: Survey,
  answer: Answer,
  tags: CommentTags,
  previous: SurveyResponse | undefined,
  at: { now: Date; channel: AnswerChannel },
): SurveyResponse {
  return {
    surveyId: survey.id,
    score: answer.score,
    comment: answer.comment,
    ces: answer.ces,
    ...(answer.reasons?.length ? { reasons: answer.reasons } : {}),
    ...(tags.themes.length > 0 ? { themes: tags.themes } : {}),
    ...(tags.sentiment ? { sentiment: tags.sentiment } : {}),
    answeredAt: previous?.answeredAt ?? at.now.toISOString(),
    updatedAt: at.now.toISOString(),
    channel: at.channel,
    version: (previous?.version ?? 0) + 1,
    // An answer is kept as long as its survey.
    ...(survey.retainUntil ? { retainUntil: survey.retainUntil } : {}),
  };
}

/** `Survey Answered` for a stored answer, checked against its contract before it is kept in the outbox. */
function answeredEvent(survey: Survey, next: SurveyResponse, previous: SurveyResponse | undefined) {
  return SurveyAnswered.detail.parse({
    ...surveyRefOf(survey),
    version: next.version,
    agentId: survey.agent?.id,
    locale: survey.locale,
    score: next.score,
    class: classify(survey.metric, next.score),
    ces: next.ces,
    comment: next.comment,
    reasons: next.reasons,
    themes: next.themes,
    sentiment: next.sentiment,
    channel: next.channel,
    replaced: previous !== undefined,
    previousScore: previous?.score,
    answeredAt: next.updatedAt,
  });
}

/** An answer that names no reasons keeps those given before, while its score stays in the same class. */
function withReasons(given: Answer, previous: SurveyResponse | undefined, metric: Survey['metric']): Answer {
  if (given.reasons !== undefined || previous === undefined) return given;
  const sameClass = classify(metric, previous.score) === classify(metric, given.score);
  return { ...given, reasons: sameClass ? previous.reasons : undefined };
}

async function announce(deps: AnswerDeps, event: Record<string, unknown>) {
  // The publisher validates the stored detail against the contract before putting it.
  await deps.events.publish(SurveyAnswered, event as SurveyAnsweredDetail);
}
