import { DAY_MS } from '../config/constants.ts';
import { storeFor } from '../config/deployed.ts';
import { retentionOf } from '../config/retention.ts';
import type { CloseloopConfig } from '../config/schema.ts';
import { FollowUpAcknowledged } from '../contracts/follow-up-acknowledged.ts';
import { FollowUpResolved } from '../contracts/follow-up-resolved.ts';
import { type CaseLinkClaims, verifyCaseToken } from '../domain/case-token.ts';
import { CaseNotFound, InvalidInput } from '../domain/errors.ts';
import {
  acknowledgeOutcome,
  type CaseStatus,
  type FollowUpCase,
  MAX_OWNER_LENGTH,
  MAX_RESOLUTION_LENGTH,
  metDeadline,
  resolveOutcome,
} from '../domain/follow-up.ts';
import { requireStore, type StoreAccess, storesToRead } from '../domain/store-access.ts';
import { type Survey, surveyIdFor } from '../domain/survey.ts';
import type { CaseRepository } from '../ports/case-repository.ts';
import type { Clock } from '../ports/clock.ts';
import type { EventPublisher } from '../ports/event-publisher.ts';
import type { SigningKeys } from '../ports/signing-keys.ts';
import type { SurveyRepository } from '../ports/survey-repository.ts';
import { caseRefOf } from './case-staff.ts';

export interface CaseDeps {
  cases: CaseRepository;
  surveys: Pick<SurveyRepository, 'get' | 'createIfAbsent'>;
  events: EventPublisher;
  clock: Clock;
  config: CloseloopConfig;
}

export type CaseActionOutcome = 'changed' | 'unchanged';

/** Verifies a staff member's case link and loads the case: 403 for a bad link, 410 expired, 404 unknown case. */
export async function openCaseLink(
  deps: Pick<CaseDeps, 'cases' | 'clock'> & { keys: SigningKeys },
  token: string,
): Promise<{ followUp: FollowUpCase; link: CaseLinkClaims }> {
  const link = verifyCaseToken(token, await deps.keys.all(), deps.clock.now());
  return { followUp: await caseOrThrow(deps, link.caseId), link };
}

/** A case by id, for a member of staff who may see its store (403 otherwise, the same for every store's case). */
export async function getCase(
  deps: Pick<CaseDeps, 'cases'>,
  caseId: string,
  access: StoreAccess,
): Promise<FollowUpCase> {
  const followUp = await caseOrThrow(deps, caseId);
  requireStore(access, followUp.storeId);
  return followUp;
}

const owner = (value: unknown) => {
  const text = typeof value === 'string' ? value.trim() : '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (text === '' || text.length > MAX_OWNER_LENGTH || /[\u0000-\u001f\u007f]/.test(text))
    throw new InvalidInput('Say who takes the case', [`owner: 1–${MAX_OWNER_LENGTH} characters, one line`]);
  return text;
};

/**
 * A member of staff takes an open case: it becomes theirs, leaves the escalation index and `Follow-up
 * Acknowledged` goes out once. The same owner acknowledging again changes nothing; anyone else, or a resolved
 * case, is a conflict.
 */
export async function acknowledgeCase(
  deps: CaseDeps,
  input: { caseId: string; owner: unknown; access: StoreAccess },
): Promise<{ followUp: FollowUpCase; outcome: CaseActionOutcome }> {
  const who = owner(input.owner);
  let current = await getCase(deps, input.caseId, input.access);
  let outcome: CaseActionOutcome = 'unchanged';
  if (acknowledgeOutcome(current, who) === 'acknowledge') {
    const updated = await deps.cases.acknowledge(current, who, deps.clock.now().toISOString());
    if (updated === undefined) {
      // Someone else moved it first: judge again against what they did.
      current = await caseOrThrow(deps, input.caseId);
      acknowledgeOutcome(current, who);
    } else {
      current = updated;
      outcome = 'changed';
    }
  }
  if (!current.announced.acknowledged && current.acknowledgedAt) {
    await deps.events.publish(FollowUpAcknowledged, {
      ...caseRefOf(current),
      owner: current.owner ?? who,
      acknowledgedAt: current.acknowledgedAt,
      withinDeadline: metDeadline(current),
    });
    await deps.cases.markAnnounced(current.id, 'acknowledged');
  }
  return { followUp: current, outcome };
}

/**
 * Resolves a case with a note: from open or acknowledged; the same resolution again changes nothing. When the
 * store re-surveys after a resolution, the new survey is scheduled first (its id derives from the case, so a
 * retry schedules the same one), and `Follow-up Resolved` names it.
 */
export async function resolveCase(
  deps: CaseDeps,
  input: { caseId: string; owner: unknown; resolution: unknown; rootCause?: unknown; access: StoreAccess },
): Promise<{ followUp: FollowUpCase; outcome: CaseActionOutcome }> {
  const who = owner(input.owner);
  const text = typeof input.resolution === 'string' ? input.resolution.trim() : '';
  if (text === '' || text.length > MAX_RESOLUTION_LENGTH)
    throw new InvalidInput('Say how the case was resolved', [`resolution: 1–${MAX_RESOLUTION_LENGTH} characters`]);
  const rootCause = rootCauseOf(deps.config.rootCauses, input.rootCause);
  let current = await getCase(deps, input.caseId, input.access);
  let outcome: CaseActionOutcome = 'unchanged';
  if (resolveOutcome(current, text) === 'resolve') {
    const now = deps.clock.now();
    const resurveyId = await scheduleResurvey(deps, current, now, rootCause);
    const updated = await deps.cases.resolve(current, {
      owner: who,
      text,
      at: now.toISOString(),
      resurveyId,
      rootCause,
    });
    if (updated === undefined) {
      current = await caseOrThrow(deps, input.caseId);
      resolveOutcome(current, text);
    } else {
      current = updated;
      outcome = 'changed';
    }
  }
  if (!current.announced.resolved && current.resolvedAt && current.resolution) {
    await deps.events.publish(FollowUpResolved, {
      ...caseRefOf(current),
      owner: current.owner ?? who,
      resolution: current.resolution,
      resolvedAt: current.resolvedAt,
      withinDeadline: metDeadline(current),
      escalated: current.escalatedAt !== undefined,
      resurveyId: current.resurveyId,
      rootCause: current.rootCause,
    });
    await deps.cases.markAnnounced(current.id, 'resolved');
  }
  return { followUp: current, outcome };
}

/** A resolution's root cause: absent, or one of the configured ones. */
function rootCauseOf(known: readonly string[], given: unknown): string | undefined {
  if (given === undefined || given === null || given === '') return undefined;
  if (typeof given !== 'string' || !known.includes(given))
    throw new InvalidInput('Unknown root cause', [`rootCause: one of ${known.join(', ')}`]);
  return given;
}

/** A store's cases by status, soonest due first; `overdue` keeps those past their deadline now. */
export async function listCases(
  deps: Pick<CaseDeps, 'cases' | 'clock'>,
  query: {
    storeId?: string | undefined;
    owner?: string | undefined;
    program?: string | undefined;
    statuses: readonly CaseStatus[];
    overdue: boolean;
    limit: number;
    access: StoreAccess;
  },
): Promise<FollowUpCase[]> {
  return deps.cases.list({
    ...storesToRead(query.access, query.storeId),
    owner: query.owner,
    program: query.program,
    statuses: query.statuses,
    dueBefore: query.overdue ? deps.clock.now().toISOString() : undefined,
    limit: query.limit,
  });
}

/**
 * The survey that asks the customer again after a resolution, when the store wants one: the same program, due
 * `followUp.resurveyAfter` after the resolution. The program's throttle is waived for it (the resolution is the
 * reason to ask); suppression, the cross-program gap and the daily cap decide when it is due, as for any survey.
 */
async function scheduleResurvey(
  deps: CaseDeps,
  followUp: FollowUpCase,
  now: Date,
  rootCause: string | undefined,
): Promise<string | undefined> {
  const after = storeFor(deps.config, followUp.storeId).followUp.resurveyAfter;
  if (after === false) return undefined;
  const original = await deps.surveys.get(followUp.surveyId);
  if (original === undefined) return undefined; // erased meanwhile: nobody to ask
  const dueAt = new Date(now.getTime() + after);
  const survey: Survey = {
    id: surveyIdFor(`${original.program}#resurvey`, original.storeId, original.trigger),
    program: original.program,
    metric: original.metric,
    asksCes: original.asksCes,
    storeId: original.storeId,
    customer: original.customer,
    trigger: original.trigger,
    ...(original.agent ? { agent: original.agent } : {}),
    locale: original.locale,
    status: 'scheduled',
    dueAt: dueAt.toISOString(),
    createdAt: now.toISOString(),
    ...retentionOf(deps.config, now),
    expiresAt: new Date(dueAt.getTime() + deps.config.survey.validForDays * DAY_MS).toISOString(),
    resurveyOf: original.id,
    resurveyBaseline: {
      score: followUp.answer.score,
      openedAt: followUp.openedAt,
      ...(rootCause ? { rootCause } : {}),
    },
  };
  await deps.surveys.createIfAbsent(survey);
  return survey.id;
}

/** Case ids are closeloop's own: URL-safe and short. Anything else names no case, and is not sent to DynamoDB. */
const CASE_ID = /^[A-Za-z0-9_-]{1,64}$/;

async function caseOrThrow(deps: Pick<CaseDeps, 'cases'>, caseId: string): Promise<FollowUpCase> {
  if (!CASE_ID.test(caseId)) throw new CaseNotFound('There is no such follow-up case.');
  const followUp = await deps.cases.get(caseId);
  if (followUp === undefined) throw new CaseNotFound(`There is no follow-up case ${caseId}.`);
  return followUp;
}
