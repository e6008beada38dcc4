import { describe, expect, it } from 'vitest';
import { PurchaseCompleted } from '#shared/contracts/purchase-completed.ts';
import { TicketClosed } from '#shared/contracts/ticket-closed.ts';
import { SurveySendInProgress, UnknownStore } from '#shared/domain/errors.ts';
import { verifySurveyToken } from '#shared/domain/survey-token.ts';
import { dispatchPurchaseSurvey, dispatchTicketSurvey } from '#shared/use-cases/dispatch-survey.ts';
import {
  FixedKeys,
  InMemorySurveys,
  ManualClock,
  RecordingMailer,
  RecordingPublisher,
  testConfig,
} from '../support/fakes.ts';

function setup() {
  const deps = {
    surveys: new InMemorySurveys(),
    mailer: new RecordingMailer(),
    events: new RecordingPublisher(),
    keys: new FixedKeys(),
    clock: new ManualClock('2026-11-23T10:00:00Z'),
    config: testConfig,
    publicBaseUrl: 'https://feedback.acme.example',
    sendLeaseSeconds: 120,
  };
  return deps;
}

const purchase = (overrides: Record<string, unknown> = {}) =>
  PurchaseCompleted.detail.parse({
    orderId: 'ord-1',
    storeId: 'store-berlin',
    customer: { id: 'cus-1', email: 'ana@example.com', name: 'Ana' },
    total: 10,
    currency: 'EUR',
    occurredAt: '2026-11-23T09:00:00Z',
    ...overrides,
  });

describe('dispatching a purchase survey', () => {
  it('sends one NPS email from the store, with eleven signed links to the answer page', async () => {
    // Prepare
    const deps = setup();
    // Act
    const outcome = await dispatchPurchaseSurvey(deps, purchase());
    // Assess
    expect(outcome).toBe('sent');
    expect(deps.mailer.sent).toHaveLength(1);
    const email = deps.mailer.sent[0];
    expect(email?.to).toBe('ana@example.com');
    expect(email?.from).toBe('"Acme Coffee" <feedback@acme.example>');
    expect(email?.replyTo).toEqual(['support@acme.example']);
    expect(email?.subject).toContain('Acme Coffee Berlin');
    const links = [
      ...(email?.html ?? '').matchAll(/href="https:\/\/feedback\.acme\.example\/s\/([^?"]+)\?score=(\d+)"/g),
    ];
    expect(links.map((m) => Number(m[2]))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const token = links[0]?.[1] ?? '';
    const claims = verifySurveyToken(token, [deps.keys.key], deps.clock.now());
    const survey = deps.surveys.items.get(claims.surveyId);
    expect(survey).toMatchObject({ status: 'sent', messageId: 'msg-1', announced: true, locale: 'de', metric: 'nps' });
    expect(claims.expiresAt.toISOString()).toBe('2026-12-23T10:00:00.000Z');
  });

  it('announces Survey Sent once, with what a CRM needs', async () => {
    const deps = setup();
    await dispatchPurchaseSurvey(deps, purchase());
    expect(deps.events.published).toEqual([
      {
        detailType: 'Survey Sent',
        detail: expect.objectContaining({
          program: 'purchase-nps',
          metric: 'nps',
          storeId: 'store-berlin',
          customerId: 'cus-1',
          trigger: { type: 'order', id: 'ord-1' },
          messageId: 'msg-1',
        }),
      },
    ]);
  });

  it('sends nothing more for the same order delivered again', async () => {
    const deps = setup();
    await dispatchPurchaseSurvey(deps, purchase());
    const again = await dispatchPurchaseSurvey(deps, purchase());
    expect(again).toBe('already-sent');
    expect(deps.mailer.sent).toHaveLength(1);
    expect(deps.events.published).toHaveLength(1);
  });

  it('sends one email when the same order arrives twice at the same moment; the other delivery retries', async () => {
    const deps = setup();
    const results = await Promise.allSettled([
      dispatchPurchaseSurvey(deps, purchase()),
      dispatchPurchaseSurvey(deps, purchase()),
    ]);
    expect(deps.mailer.sent).toHaveLength(1);
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toBeInstanceOf(SurveySendInProgress);
    // The retry finds the survey sent.
    expect(await dispatchPurchaseSurvey(deps, purchase())).toBe('already-sent');
    expect(deps.mailer.sent).toHaveLength(1);
  });

  it('sends for two different orders of the same customer', async () => {
    const deps = setup();
    await dispatchPurchaseSurvey(deps, purchase());
    await dispatchPurchaseSurvey(deps, purchase({ orderId: 'ord-2' }));
    expect(deps.mailer.sent).toHaveLength(2);
  });

  it('takes over a send whose holder crashed, once its lease has lapsed', async () => {
    const deps = setup();
    deps.mailer.failNext = 1;
    await expect(dispatchPurchaseSurvey(deps, purchase())).rejects.toThrow('Throttling');
    await expect(dispatchPurchaseSurvey(deps, purchase())).rejects.toThrow(SurveySendInProgress);
    deps.clock.advance(121_000);
    expect(await dispatchPurchaseSurvey(deps, purchase())).toBe('sent');
    expect(deps.mailer.sent).toHaveLength(1);
  });

  it('announces on retry when the put failed after the email went out', async () => {
    const deps = setup();
    const publish = deps.events.publish.bind(deps.events);
    let failures = 1;
    deps.events.publish = async (...args) => {
      if (failures-- > 0) throw new Error('EventBridge unavailable');
      return publish(...args);
    };
    await expect(dispatchPurchaseSurvey(deps, purchase())).rejects.toThrow('EventBridge unavailable');
    expect(await dispatchPurchaseSurvey(deps, purchase())).toBe('already-sent');
    expect(deps.mailer.sent).toHaveLength(1);
    expect(deps.events.published).toHaveLength(1);
  });

  it('refuses a store that is not configured, sending and storing nothing', async () => {
    const deps = setup();
    await expect(dispatchPurchaseSurvey(deps, purchase({ storeId: 'store-paris' }))).rejects.toThrow(UnknownStore);
    expect(deps.mailer.sent).toHaveLength(0);
    expect(deps.surveys.items.size).toBe(0);
  });

  it('asks in the customer’s language over the store default, pt-BR in Portuguese', async () => {
    const deps = setup();
    await dispatchPurchaseSurvey(
      deps,
      purchase({ customer: { id: 'cus-1', email: 'ana@example.com', locale: 'pt-BR' } }),
    );
    expect([...deps.surveys.items.values()][0]?.locale).toBe('pt');
    expect(deps.mailer.sent[0]?.subject).toContain('Qual a probabilidade de recomendar');
  });

  it('asks in the store’s default language when closeloop does not speak the customer’s', async () => {
    const deps = setup();
    await dispatchPurchaseSurvey(deps, purchase({ customer: { id: 'cus-1', email: 'ana@example.com', locale: 'ko' } }));
    // store-berlin's default is German.
    expect([...deps.surveys.items.values()][0]?.locale).toBe('de');
    expect(deps.mailer.sent[0]?.subject).toContain('Wie wahrscheinlich empfehlen Sie');
  });
});

const ticket = (overrides: Record<string, unknown> = {}) =>
  TicketClosed.detail.parse({
    ticketId: 'T-42',
    storeId: 'store-berlin',
    customer: { id: 'cus-1', email: 'ana@example.com', name: 'Ana', locale: 'en' },
    agent: { id: 'agent-7', name: 'Kim' },
    channel: 'chat',
    subject: 'Grinder jammed',
    openedAt: '2026-11-22T09:00:00Z',
    closedAt: '2026-11-23T09:00:00Z',
    ...overrides,
  });

describe('dispatching a ticket survey', () => {
  it('sends one CSAT email with five labelled links, and keeps the agent on the survey', async () => {
    // Prepare
    const deps = setup();

    // Act
    const outcome = await dispatchTicketSurvey(deps, ticket());

    // Assess
    expect(outcome).toBe('sent');
    const email = deps.mailer.sent[0];
    expect(email?.subject).toBe('How satisfied were you with the support from Acme Coffee Berlin?');
    const scores = [...(email?.html ?? '').matchAll(/\?score=(\d+)"/g)].map((m) => Number(m[1]));
    expect(scores).toEqual([1, 2, 3, 4, 5]);
    const survey = [...deps.surveys.items.values()][0];
    expect(survey).toMatchObject({
      program: 'ticket-csat',
      metric: 'csat',
      trigger: { type: 'ticket', id: 'T-42' },
      agent: { id: 'agent-7', name: 'Kim' },
    });
    expect(deps.events.published[0]?.detail).toMatchObject({ metric: 'csat', trigger: { type: 'ticket', id: 'T-42' } });
  });

  it('sends one email per ticket, and keeps a ticket and an order with the same id apart', async () => {
    // Prepare
    const deps = setup();

    // Act
    await dispatchTicketSurvey(deps, ticket());
    const again = await dispatchTicketSurvey(deps, ticket());
    await dispatchPurchaseSurvey(deps, purchase({ orderId: 'T-42' }));

    // Assess
    expect(again).toBe('already-sent');
    expect(deps.mailer.sent.map((email) => email.subject)).toEqual([
      'How satisfied were you with the support from Acme Coffee Berlin?',
      expect.stringContaining('Acme Coffee Berlin'),
    ]);
    expect(deps.surveys.items.size).toBe(2);
  });
});
