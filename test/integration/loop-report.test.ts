import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbCaseRepository } from '#shared/adapters/dynamodb/case-repository.ts';
import { DynamoDbResponseRepository } from '#shared/adapters/dynamodb/response-repository.ts';
import { DynamoDbSurveyRepository } from '#shared/adapters/dynamodb/survey-repository.ts';
import { keys } from '#shared/adapters/dynamodb/table-design.ts';
import { parseConfig } from '#shared/config/load.ts';
import { loopReport } from '#shared/contracts/staff-api.ts';
import type { FollowUpCase } from '#shared/domain/follow-up.ts';
import type { Survey } from '#shared/domain/survey.ts';
import { acknowledgeCase, resolveCase } from '#shared/use-cases/follow-up-cases.ts';
import { RecordingPublisher } from '../support/fakes.ts';
import { localClients, staffFetch, unique } from '../support/runtime.ts';

const { urls, db } = localClients();
const TABLE = 'closeloop';
const cases = new DynamoDbCaseRepository(db, TABLE);
const surveys = new DynamoDbSurveyRepository(db, TABLE);
const responses = new DynamoDbResponseRepository(db, TABLE);
const config = parseConfig(
  { stores: { '*': { brandName: 'Acme', sender: { email: 'feedback@acme.example' } } } },
  'test',
);

/** A clock the script sets: every action happens at the moment it names. */
let at = 0;
const clock = { now: () => new Date(at) };
const deps = { cases, surveys, events: new RecordingPublisher(), clock, config };
const all = { all: true } as const;

const storeId = unique('loop-report');
const day = (d: number, time: string) => `2026-03-0${d}T${time}:00.000Z`;

/** A detractor's case opened at `openedAt`, due a day later, as the close-loop decision writes it. */
async function open(id: string, openedAt: string, score: number): Promise<FollowUpCase> {
  const followUp: FollowUpCase = {
    id,
    surveyId: id,
    program: 'purchase-nps',
    storeId,
    customer: { id: `cus-${id}`, email: `${id}@example.com` },
    trigger: { type: 'order', id: `ord-${id}` },
    locale: 'en',
    answer: { metric: 'nps', score, scale: { min: 0, max: 10 }, answeredAt: openedAt, version: 1 },
    status: 'open',
    openedAt,
    dueAt: new Date(Date.parse(openedAt) + 86_400_000).toISOString(),
    notes: [],
    announced: {},
  };
  const state = { surveyId: id, version: 1, pending: [], thanked: false, promoterAnnounced: false };
  expect(await cases.decide({ state, previousVersion: undefined, open: followUp })).toBe(true);
  return followUp;
}

/** The follow-up email reached the customer: the step ends, counted once however often it is reported. */
async function reached(followUp: FollowUpCase) {
  const state = {
    surveyId: followUp.id,
    version: 2,
    pending: ['customer-follow-up' as const],
    thanked: false,
    promoterAnnounced: false,
  };
  expect(await cases.decide({ state, previousVersion: 1, previousRevision: 1 })).toBe(true);
  await cases.stepDone(followUp.id, 'customer-follow-up', { thanked: false, reached: followUp });
  await cases.stepDone(followUp.id, 'customer-follow-up', { thanked: false, reached: followUp });
}

/** A re-survey of a resolved case, answered with the first score and changed to each next one. */
async function resurvey(followUp: FollowUpCase, rootCause: string, answers: number[]) {
  const survey: Survey = {
    id: `${followUp.id}-again`,
    program: 'purchase-nps',
    metric: 'nps',
    storeId,
    customer: followUp.customer,
    trigger: followUp.trigger,
    locale: 'en',
    status: 'sent',
    dueAt: day(9, '09:00'),
    createdAt: day(9, '09:00'),
    sentAt: day(9, '09:00'),
    expiresAt: '2026-04-30T00:00:00.000Z',
    resurveyOf: followUp.id,
    resurveyBaseline: { score: followUp.answer.score, openedAt: followUp.openedAt, rootCause },
  } as Survey;
  await surveys.createIfAbsent(survey);
  let previous: Parameters<typeof responses.save>[2];
  for (const [i, score] of answers.entries()) {
    const next = {
      surveyId: survey.id,
      score,
      answeredAt: day(9, '10:00'),
      updatedAt: day(9, `1${i}:30`),
      channel: 'web',
      version: i + 1,
    } as NonNullable<typeof previous>;
    await responses.save(survey, next, previous, {});
    previous = next;
  }
}

async function report(query: string) {
  const response = await staffFetch(`${urls.http}/api/reports/loop?program=purchase-nps&storeId=${storeId}&${query}`);
  expect(response.status).toBe(200);
  return loopReport.parse(await response.json());
}

describe('the closed-loop report, on a scripted history', () => {
  beforeAll(async () => {
    // A: opened 10:00, kim acknowledges after 30 min, resolves after 4 h (delivery); asked again: 3 → 9.
    at = Date.parse(day(2, '10:00'));
    const a = await open(unique('a'), day(2, '10:00'), 3);
    // B: opened 12:00, escalated at its deadline, lee acknowledges 27 h after opening (late), resolves after 48 h
    // (delivery); asked again: 2 → 5, changed to 7.
    const b = await open(unique('b'), day(2, '12:00'), 2);
    // C: opened 20:00, kim resolves it after an hour without acknowledging it first (price); not asked again.
    const c = await open(unique('c'), day(2, '20:00'), 0);
    // D: opened the next day, nobody has answered it yet.
    const d = await open(unique('d'), day(3, '09:00'), 6);
    for (const followUp of [a, b, d]) await reached(followUp);

    at = Date.parse(day(2, '10:30'));
    await acknowledgeCase(deps, { caseId: a.id, owner: 'kim@acme.example', access: all });
    at = Date.parse(day(2, '10:45'));
    await acknowledgeCase(deps, { caseId: a.id, owner: 'kim@acme.example', access: all }); // again: nothing more
    at = Date.parse(day(2, '14:00'));
    await resolveCase(deps, {
      caseId: a.id,
      owner: 'kim@acme.example',
      resolution: 'Re-sent',
      rootCause: 'delivery',
      access: all,
    });
    at = Date.parse(day(2, '21:00'));
    await resolveCase(deps, {
      caseId: c.id,
      owner: 'kim@acme.example',
      resolution: 'Refunded',
      rootCause: 'price',
      access: all,
    });
    // The escalation sweep takes B past its deadline and marks it; a crashed run's second mark adds nothing.
    at = Date.parse(day(3, '12:05'));
    const dueKey = keys.caseDue(b.id, b.dueAt).gsi2sk;
    const escalated = await cases.claimEscalation({ caseId: b.id, dueKey }, day(3, '12:06'));
    expect(escalated?.id).toBe(b.id);
    await cases.markEscalated(escalated as FollowUpCase, day(3, '12:05'));
    await cases.markEscalated(escalated as FollowUpCase, day(3, '12:05'));
    at = Date.parse(day(3, '15:00'));
    await acknowledgeCase(deps, { caseId: b.id, owner: 'lee@acme.example', access: all });
    at = Date.parse(day(4, '12:00'));
    await resolveCase(deps, {
      caseId: b.id,
      owner: 'lee@acme.example',
      resolution: 'Replaced',
      rootCause: 'delivery',
      access: all,
    });
    // A retried resolution changes nothing, and counts nothing twice.
    await resolveCase(deps, {
      caseId: b.id,
      owner: 'lee@acme.example',
      resolution: 'Replaced',
      rootCause: 'delivery',
      access: all,
    });

    await resurvey(a, 'delivery', [9]);
    await resurvey(b, 'delivery', [5, 7]);
  }, 60_000);

  it('says what became of the cases opened in the period, computed by hand', async () => {
    const found = await report('from=2026-03-01&to=2026-03-09');
    expect(found.loop).toEqual({
      cases: 4,
      reached: 75, // A, B and D
      acknowledged: 3, // A, B, and C by its resolution
      acknowledgedInTime: 50, // A after 30 min, C after 60; B late
      timeToAcknowledge: { medianMinutes: 60, p90Minutes: 2880 }, // 30, 60, 1620 minutes
      resolved: 75,
      timeToResolve: { medianMinutes: 240, p90Minutes: 2880 }, // 240, 2880, 60 minutes
      escalated: 25,
      recovery: { resurveyed: 2, recovered: 100, meanScoreChange: 5.5 }, // 3 → 9, 2 → 7
    });
    expect(found.byStore).toEqual([{ storeId, ...found.loop }]);
    expect(found.byRootCause).toEqual([
      { rootCause: 'delivery', resolved: 2, resurveyed: 2, recovered: 100 },
      { rootCause: 'price', resolved: 1, resurveyed: 0, recovered: null },
    ]);
  });

  it('per owner: the cases each took, answered in time or not, and how fast', async () => {
    const found = await report('from=2026-03-01&to=2026-03-09');
    const none = { resurveyed: 0, recovered: null, meanScoreChange: null };
    expect(found.byOwner).toEqual([
      {
        owner: 'kim@acme.example',
        cases: 2,
        reached: null,
        acknowledged: 2,
        acknowledgedInTime: 100,
        timeToAcknowledge: { medianMinutes: 30, p90Minutes: 60 },
        resolved: 100,
        timeToResolve: { medianMinutes: 60, p90Minutes: 240 },
        escalated: 0,
        recovery: none,
      },
      {
        owner: 'lee@acme.example',
        cases: 1,
        reached: null,
        acknowledged: 1,
        acknowledgedInTime: 0,
        timeToAcknowledge: { medianMinutes: 2880, p90Minutes: 2880 },
        resolved: 100,
        timeToResolve: { medianMinutes: 2880, p90Minutes: 2880 },
        escalated: 100,
        recovery: none,
      },
    ]);
    const kim = await report('from=2026-03-01&to=2026-03-09&owner=kim@acme.example');
    expect(kim.scope.owner).toBe('kim@acme.example');
    const { owner: _kim, ...kimFigures } = found.byOwner[0] as (typeof found.byOwner)[number];
    expect(kim.loop).toEqual(kimFigures);
    expect(kim.byOwner.map((row) => row.owner)).toEqual(['kim@acme.example']);
    expect(kim.byRootCause).toEqual([
      { rootCause: 'delivery', resolved: 1, resurveyed: 0, recovered: null },
      { rootCause: 'price', resolved: 1, resurveyed: 0, recovered: null },
    ]);
  });

  it('counts a case in the period it was opened in, whenever it was answered', async () => {
    const later = await report('from=2026-03-03&to=2026-03-09');
    expect(later.loop).toMatchObject({
      cases: 1,
      reached: 100,
      acknowledged: 0,
      acknowledgedInTime: 0,
      timeToAcknowledge: { medianMinutes: null, p90Minutes: null },
      resolved: 0,
      escalated: 0,
    });
    const before = await report('from=2026-02-01&to=2026-03-01');
    expect(before.loop.cases).toBe(0);
    expect(before.loop.acknowledgedInTime).toBeNull();
  });
});
