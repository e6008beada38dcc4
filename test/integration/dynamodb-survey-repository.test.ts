import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoDbResponseRepository } from '#shared/adapters/dynamodb/response-repository.ts';
import { DynamoDbSurveyRepository } from '#shared/adapters/dynamodb/survey-repository.ts';
import { keys } from '#shared/adapters/dynamodb/table-design.ts';
import type { SurveyResponse } from '#shared/domain/answer.ts';
import type { Survey } from '#shared/domain/survey.ts';
import { localClients, unique } from '../support/runtime.ts';

const { dynamo, db } = localClients();
const surveys = new DynamoDbSurveyRepository(db, 'closeloop');
const responses = new DynamoDbResponseRepository(db, 'closeloop');

/** The counters of a store's day row (undefined: no row). */
async function dayRow(survey: Survey, day: string) {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: 'closeloop', Key: keys.aggregate(survey.storeId, survey.program, day) }),
  );
  return Item === undefined ? undefined : { sent: Item.sent, answered: Item.answered };
}

const newSurvey = (): Survey => ({
  id: unique('srv'),
  program: 'purchase-nps',
  metric: 'nps',
  storeId: 'store-1',
  customer: { id: 'cus-1', email: 'a@example.com' },
  trigger: { type: 'order', id: unique('ord') },
  locale: 'en',
  // Queued, not scheduled: a survey in the due index would be found by other tests' sweeps.
  status: 'queued',
  dueAt: '2026-11-23T10:00:00.000Z',
  createdAt: '2026-11-23T10:00:00.000Z',
  expiresAt: '2026-12-23T10:00:00.000Z',
});

describe('the DynamoDB survey repository, on DynamoDB Local', () => {
  it('creates a survey once', async () => {
    const survey = newSurvey();
    expect(await surveys.createIfAbsent(survey)).toBe('created');
    expect(await surveys.createIfAbsent({ ...survey, locale: 'de' })).toBe('exists');
    expect(await surveys.get(survey.id)).toEqual(survey);
  });

  it('lets exactly one of ten simultaneous claims take the send lease', async () => {
    const survey = newSurvey();
    await surveys.createIfAbsent(survey);
    const now = new Date('2026-11-23T10:00:00Z');
    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        surveys.claim(survey.id, 'survey', now, new Date(now.getTime() + 60_000 + i), `claimant-${i}`),
      ),
    );
    expect(claims.filter((claim) => claim !== undefined)).toHaveLength(1);
  });

  it('hands a lapsed lease to the next claimant, and only the holder may mark the survey sent (counted once)', async () => {
    const survey = { ...newSurvey(), storeId: unique('store') };
    await surveys.createIfAbsent(survey);
    const t0 = new Date('2026-11-23T10:00:00Z');
    const first = new Date('2026-11-23T10:02:00Z');
    const second = new Date('2026-11-23T10:05:00Z');
    expect(await surveys.claim(survey.id, 'survey', t0, first, 'a')).toBeDefined();
    expect(await surveys.claim(survey.id, 'survey', new Date('2026-11-23T10:01:00Z'), second, 'b')).toBeUndefined();
    // the holder's own retry takes its lease back at once
    expect(await surveys.claim(survey.id, 'survey', new Date('2026-11-23T10:01:00Z'), first, 'a')).toBeDefined();
    expect(await surveys.claim(survey.id, 'survey', first, second, 'b')).toBeDefined();
    await expect(
      surveys.markSent(survey, 'survey', {
        messageId: 'm',
        sentAt: t0.toISOString(),
        leaseUntil: first.toISOString(),
      }),
    ).rejects.toThrow();
    await surveys.markSent(survey, 'survey', {
      messageId: 'm',
      sentAt: t0.toISOString(),
      leaseUntil: second.toISOString(),
    });
    expect(await surveys.get(survey.id)).toMatchObject({ status: 'sent', messageId: 'm' });
    expect(await surveys.claim(survey.id, 'survey', new Date('2030-01-01T00:00:00Z'), second, 'c')).toBeUndefined();
    const { Item } = await dynamo.send(
      new GetCommand({ TableName: 'closeloop', Key: keys.aggregate(survey.storeId, survey.program, '2026-11-23') }),
    );
    expect(Item).toMatchObject({ sent: 1, storeId: survey.storeId, gsi6pk: 'AGG#purchase-nps#STORES' });
  });

  it('counts a survey email sent in its decision, on that day, and its answer in the same cohort', async () => {
    // Prepare: a survey decided a moment before midnight, whose email SES takes after it (a retry, a slow send)
    const survey = { ...newSurvey(), storeId: unique('store') };
    await surveys.createIfAbsent(survey);
    const now = new Date('2026-11-23T23:59:58Z');
    const lease = { now, leaseUntil: '2026-11-24T00:01:00.000Z', claimant: 'c' };
    const reservation = {
      customerId: unique('cus'),
      fatigue: { program: survey.program, throttleMs: 0, minimumGapMs: 0 },
      dailyCap: null,
    };

    // Act: the decision, then SES's acceptance the next day, its write retried as after a lost answer
    expect(await surveys.reserve(survey, 'survey', reservation, now, lease)).toBeUndefined();
    const counted = await dayRow(survey, '2026-11-23');
    const sent = { messageId: 'm-1', sentAt: '2026-11-24T00:00:03.000Z', leaseUntil: lease.leaseUntil };
    await surveys.markSent(survey, 'survey', sent);
    await surveys.markSent(survey, 'survey', sent);
    const stored = (await surveys.get(survey.id)) as Survey;
    const answeredAt = '2026-11-24T09:00:00.000Z';
    const answer = { surveyId: survey.id, score: 9, answeredAt, updatedAt: answeredAt, channel: 'web', version: 1 };
    await responses.save(stored, answer as SurveyResponse, undefined, {});

    // Assess: counted once, on the decision's day, and answered in that cohort; nothing on the sending's day
    expect(counted).toEqual({ sent: 1, answered: undefined });
    expect(stored).toMatchObject({ status: 'sent', messageId: 'm-1', countedOn: '2026-11-23' });
    expect(await dayRow(survey, '2026-11-23')).toEqual({ sent: 1, answered: 1 });
    expect(await dayRow(survey, '2026-11-24')).toMatchObject({ sent: undefined, answered: undefined });
  });
});
