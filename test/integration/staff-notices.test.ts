import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoDbCaseRepository } from '#shared/adapters/dynamodb/case-repository.ts';
import { DynamoDbResponseRepository } from '#shared/adapters/dynamodb/response-repository.ts';
import { DynamoDbSurveyRepository } from '#shared/adapters/dynamodb/survey-repository.ts';
import type { SurveyResponse } from '#shared/domain/answer.ts';
import type { FollowUpCase } from '#shared/domain/follow-up.ts';
import type { Survey } from '#shared/domain/survey.ts';
import { eventually, inbox, localClients, unique } from '../support/runtime.ts';

const { urls, db } = localClients();
const TABLE = 'closeloop';
const STORE = 'store-digest';
const surveys = new DynamoDbSurveyRepository(db, TABLE);
const responses = new DynamoDbResponseRepository(db, TABLE);
const cases = new DynamoDbCaseRepository(db, TABLE);

/** An answer recorded on `day` at the digest store, with the themes and reasons its comment gave. */
async function answer(day: string, score: number, tags: { themes?: string[]; reasons?: string[] } = {}) {
  const id = unique('digest');
  const at = `${day}T12:00:00.000Z`;
  const survey = {
    id,
    program: 'purchase-nps',
    metric: 'nps',
    storeId: STORE,
    customer: { id: `cus-${id}`, email: `${id}@example.com`, name: 'Jonas Weber' },
    trigger: { type: 'order', id: `ord-${id}` },
    locale: 'de',
    status: 'sent',
    dueAt: at,
    createdAt: at,
    sentAt: at,
    expiresAt: '2026-12-31T00:00:00.000Z',
  } as Survey;
  await surveys.createIfAbsent(survey);
  const response = { surveyId: id, score, answeredAt: at, updatedAt: at, channel: 'web', version: 1, ...tags };
  await responses.save(survey, response as SurveyResponse, undefined, {});
  return survey;
}

async function runNotices(time: string) {
  const response = await fetch(`${urls.events}/schedules/run?id=SendStaffNotices&time=${time}`, { method: 'POST' });
  expect(response.status).toBe(200);
  return (await response.json()) as { digests: number; drops: number };
}

const mails = async () => inbox(urls.ses, 'digest@acme.example');
const chatPosts = async () =>
  ((await (await fetch(`${inject('chatWebhook')}/posts`)).json()) as { body: { text: string } }[]).filter((post) =>
    post.body.text.includes('Acme Coffee Digest'),
  );

/**
 * A scripted history at the digest store (German staff): four answers in the four weeks before 2026-W11 (NPS +75),
 * four in W11 (NPS −25, two naming delivery, one the price), and a detractor's case opened in W11 that nobody took.
 */
describe('weekly digests and score-drop alerts, from the schedules endpoint', () => {
  beforeAll(async () => {
    for (const score of [10, 10, 9, 8]) await answer('2026-02-20', score);
    await answer('2026-03-10', 10);
    await answer('2026-03-10', 8);
    await answer('2026-03-11', 6, { themes: ['delivery'] });
    const detractor = await answer('2026-03-11', 3, { themes: ['delivery'], reasons: ['price'] });
    const followUp = {
      id: detractor.id,
      surveyId: detractor.id,
      program: 'purchase-nps',
      storeId: STORE,
      customer: detractor.customer,
      trigger: detractor.trigger,
      locale: 'de',
      answer: { metric: 'nps', score: 3, scale: { min: 0, max: 10 }, answeredAt: detractor.sentAt, version: 1 },
      status: 'open',
      openedAt: '2026-03-11T12:00:00.000Z',
      dueAt: '2026-03-12T12:00:00.000Z',
      notes: [],
      announced: {},
    } as FollowUpCase;
    const state = { surveyId: detractor.id, version: 1, pending: [], thanked: false, promoterAnnounced: false };
    expect(await cases.decide({ state, previousVersion: undefined, open: followUp })).toBe(true);
  }, 60_000);

  it('alerts the drop once in its week, then sends last week’s digest from Monday 07:00, once', async () => {
    // Act: Monday 2026-03-16, 06:00 UTC — the drop is there; the digest is not due yet
    expect(await runNotices('2026-03-16T06:00:00Z')).toEqual({ digests: 0, drops: 1 });
    // Assess: the alert, in German, with the two periods' figures
    const [alert] = await mails();
    expect(alert?.subject).toBe('Acme Coffee Digest: NPS um 100,0 Punkte gefallen');
    expect(alert?.body.text).toContain(
      'NPS der letzten 7 Tage (2026-03-09 – 2026-03-15): -25,0 aus 4 Antworten, gegenüber +75,0 in den 28 Tagen davor (4 Antworten).',
    );
    // and in the store's chat, the same words
    const posts = await eventually(async () => {
      const found = await chatPosts();
      return found.length > 0 ? found : undefined;
    }, 'the chat post');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body.text).toContain('NPS um 100,0 Punkte gefallen');

    // Act: 08:00, the digest of 2026-W11 is due; 09:00 and a day later, nothing is sent again
    expect(await runNotices('2026-03-16T08:00:00Z')).toEqual({ digests: 1, drops: 0 });
    expect(await runNotices('2026-03-16T09:00:00Z')).toEqual({ digests: 0, drops: 0 });
    expect(await runNotices('2026-03-17T09:00:00Z')).toEqual({ digests: 0, drops: 0 });

    // Assess: two emails in all, the digest with exactly the week's figures
    const all = await mails();
    expect(all).toHaveLength(2);
    const digest = all.find((mail) => mail.subject.includes('Woche'));
    expect(digest?.subject).toBe('Acme Coffee Digest: Ihre Woche 2026-W11');
    const text = digest?.body.text ?? '';
    expect(text).toContain('Woche 2026-W11 bei Acme Coffee Digest');
    expect(text).toContain(
      [
        'purchase-nps',
        '  NPS: -25,0',
        '  Veränderung zu den 4 Wochen davor: -100,0',
        '  Antworten: 4',
        '  Antwortquote: –',
        '  Häufigste Themen: delivery (2)',
        '  Häufigste Gründe: price (1)',
        '  Geschlossener Kreis: 0,0 % von 1 Kritiker-Fällen fristgerecht beantwortet; 0,0 % gelöst',
      ].join('\n'),
    );
    expect(text).toContain('ticket-csat\n  CSAT: –\n  Veränderung zu den 4 Wochen davor: –\n  Antworten: 0');
    expect(text).toContain('Offene Fälle: 1 (1 überfällig)');
    expect(text).toContain('  3 · Jonas Weber · antworten bis 2026-03-12 12:00 UTC (überfällig)');
    expect(text).toMatch(new RegExp(`${urls.http}/c/[^\\s?]+\\?action=acknowledge`));
    expect(text).toContain(`Dashboard öffnen: ${urls.http}/dashboard`);
    expect(digest?.body.html).toContain('lang="de"');
    expect(await chatPosts()).toHaveLength(1);
  });
});
