import { randomInt } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '#shared/adapters/dynamodb/table-design.ts';
import { sourcesList } from '#shared/contracts/staff-api.ts';
import { surveyIdFor } from '#shared/domain/survey.ts';
import {
  connectorFixture,
  LOCAL_SOURCES,
  putShopifyEvent,
  standardWebhookHeaders,
  zendeskHeaders,
} from '../support/connectors.ts';
import {
  deadLetter,
  eventually,
  inbox,
  localClients,
  purchaseDetail,
  quiet,
  staffFetch,
  unique,
} from '../support/runtime.ts';
import { surveyIdOf } from '../support/surveys.ts';

const { urls, eventBridge, dynamo } = localClients();

const post = (path: string, body: string, headers: Record<string, string>) =>
  fetch(`${urls.http}${path}`, { method: 'POST', body, headers });

/** The emails of an address once they arrived; and what it holds once the pipeline is done with it and its surveys. */
async function settledInbox(address: string, expected: number) {
  const emails = await eventually(async () => {
    const found = await inbox(urls.ses, address);
    return found.length >= expected ? found : undefined;
  }, `${expected} email(s) to ${address}`);
  await quiet([address, ...emails.map(surveyIdOf)]);
  return { emails, later: await inbox(urls.ses, address) };
}

async function surveyStatus(program: string, storeId: string, trigger: { type: 'order' | 'ticket'; id: string }) {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: 'closeloop', Key: keys.survey(surveyIdFor(program, storeId, trigger)) }),
  );
  return Item as { status: string; skipReason?: string } | undefined;
}

const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('Shopify through its EventBridge partner event source', () => {
  it('makes one NPS email of an orders/fulfilled event, however often it comes', async () => {
    const email = `${unique('shopify')}@example.com`;
    const orderId = randomInt(1, 2 ** 40);
    const event = (webhookId: string) =>
      connectorFixture('shopify-orders-fulfilled.json', {
        eventId: unique('evt'),
        now: now(),
        orderId,
        email,
        shop: LOCAL_SOURCES.shop,
        webhookId,
      });

    // The same webhook twice (Shopify delivers at least once) and a later one about the same order.
    const webhookId = unique('wh');
    await putShopifyEvent(eventBridge, event(webhookId));
    await putShopifyEvent(eventBridge, event(webhookId));
    await putShopifyEvent(eventBridge, event(unique('wh')));

    const { emails, later } = await settledInbox(email, 1);
    expect(later).toHaveLength(1);
    // In the customer's language, from customer_locale.
    expect(emails[0]?.subject).toMatch(/empfehlen/);
    expect(emails[0]?.body.text).toMatch(/Anja/);
    expect(await surveyStatus('purchase-nps', 'store-berlin', { type: 'order', id: String(orderId) })).toMatchObject({
      status: 'sent',
    });
  });

  it('cancels the survey when refunds/create arrives before the send (header names in lower case)', async () => {
    const email = `${unique('refund')}@example.com`;
    const orderId = randomInt(1, 2 ** 40);
    const shop = 'acme-later.myshopify.com';
    const values = { eventId: unique('evt'), now: now(), orderId, email, shop, webhookId: unique('wh') };
    await putShopifyEvent(eventBridge, connectorFixture('shopify-orders-fulfilled.json', values));
    const trigger = { type: 'order' as const, id: String(orderId) };
    await eventually(
      async () => (await surveyStatus('purchase-nps', 'store-scheduled', trigger))?.status === 'scheduled' || undefined,
      'the survey scheduled',
    );

    await putShopifyEvent(
      eventBridge,
      connectorFixture('shopify-refunds-create.json', { ...values, webhookId: unique('wh') }),
    );

    await eventually(
      async () => (await surveyStatus('purchase-nps', 'store-scheduled', trigger))?.status === 'cancelled' || undefined,
      'the survey cancelled',
    );
    expect(await surveyStatus('purchase-nps', 'store-scheduled', trigger)).toMatchObject({
      skipReason: 'order-refunded',
    });
  });

  it('dead-letters an order of a shop no store is mapped to, with the reason', async () => {
    const email = `${unique('unmapped')}@example.com`;
    const values = {
      eventId: unique('evt'),
      now: now(),
      orderId: randomInt(1, 2 ** 40),
      email,
      shop: 'stranger.myshopify.com',
      webhookId: unique('wh'),
    };
    await putShopifyEvent(eventBridge, connectorFixture('shopify-orders-fulfilled.json', values));
    const letter = await deadLetter('shopify-events-dlq', email);
    expect(letter.MessageAttributes?.reason?.StringValue).toContain('stranger.myshopify.com');
    expect(await inbox(urls.ses, email)).toEqual([]);
  });
});

describe('Zendesk through its signed webhooks', () => {
  const solved = (email: string, ticketId: string, brand = 'Acme Coffee') => {
    const body = connectorFixture('zendesk-solved.json', { ticketId, email, requesterId: unique('zd'), now: now() });
    (body.ticket as Record<string, unknown>).brand = brand;
    return JSON.stringify(body);
  };

  it('makes one CSAT email of a solved ticket; a wrong signature, a stale time or a replay get 401 and nothing', async () => {
    const email = `${unique('zendesk')}@example.com`;
    const body = solved(email, String(randomInt(1, 1e9)));
    const headers = zendeskHeaders(body);

    const forged = await post('/hooks/zendesk', body, zendeskHeaders(body, 'not-the-secret-at-all-123'));
    const stale = await post(
      '/hooks/zendesk',
      body,
      zendeskHeaders(body, undefined, new Date(Date.now() - 10 * 60_000)),
    );
    const tampered = await post('/hooks/zendesk', body.replace('Grinder', 'Grounder'), headers);
    const accepted = await post('/hooks/zendesk', body, headers);
    const replayed = await post('/hooks/zendesk', body, headers);

    expect([forged.status, stale.status, tampered.status]).toEqual([401, 401, 401]);
    expect(accepted.status).toBe(202);
    expect(await accepted.json()).toEqual({ status: 'accepted', detailType: 'Ticket Closed' });
    expect(replayed.status).toBe(401);
    expect(await replayed.text()).toContain('replay');
    const { emails, later } = await settledInbox(email, 1);
    expect(later).toHaveLength(1);
    expect(emails[0]?.body.text).toMatch(/Jonas/);
  });

  it('cancels the survey when the ticket is reopened before the send', async () => {
    const email = `${unique('reopen')}@example.com`;
    const ticketId = String(randomInt(1, 1e9));
    const body = solved(email, ticketId, 'Acme Later');
    expect((await post('/hooks/zendesk', body, zendeskHeaders(body))).status).toBe(202);
    const trigger = { type: 'ticket' as const, id: ticketId };
    await eventually(
      async () => (await surveyStatus('ticket-csat', 'store-scheduled', trigger))?.status === 'scheduled' || undefined,
      'the survey scheduled',
    );

    const reopened = JSON.stringify({ ...JSON.parse(body), event: 'reopened' });
    expect((await post('/hooks/zendesk', reopened, zendeskHeaders(reopened))).status).toBe(202);

    await eventually(
      async () => (await surveyStatus('ticket-csat', 'store-scheduled', trigger))?.status === 'cancelled' || undefined,
      'the survey cancelled',
    );
  });

  it('refuses with 400 and the reason a signed body it cannot map', async () => {
    const body = JSON.stringify({ event: 'solved', ticket: { id: '1', updated_at: now(), requester: { email: '' } } });
    const response = await post('/hooks/zendesk', body, zendeskHeaders(body));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('requester email');
  });
});

describe('any platform through Standard Webhooks', () => {
  it('turns a signed closeloop contract into the same survey a PutEvents makes', async () => {
    const detail = purchaseDetail();
    const body = JSON.stringify({ type: 'Purchase Completed', data: detail });
    const response = await post('/hooks/woocommerce', body, standardWebhookHeaders(body));
    expect(response.status).toBe(202);
    const { emails } = await settledInbox(detail.customer.email, 1);
    expect(emails).toHaveLength(1);
    expect(await surveyStatus('purchase-nps', detail.storeId, { type: 'order', id: detail.orderId })).toMatchObject({
      status: 'sent',
    });
  });

  it('refuses a bad signature (401), an unknown source (404) and a body breaking its contract (400, the field named)', async () => {
    const detail = purchaseDetail({ currency: 'euro' });
    const body = JSON.stringify({ type: 'Purchase Completed', data: detail });
    const wrongKey = `whsec_${Buffer.from('some-other-key-of-32-bytes-long!').toString('base64')}`;
    expect((await post('/hooks/woocommerce', body, standardWebhookHeaders(body, wrongKey))).status).toBe(401);
    expect((await post('/hooks/nosuchsource', body, standardWebhookHeaders(body))).status).toBe(404);
    const invalid = await post('/hooks/woocommerce', body, standardWebhookHeaders(body));
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toContain('detail.currency');
    expect(await inbox(urls.ses, detail.customer.email)).toEqual([]);
  });
});

describe('GET /api/sources', () => {
  it('says, per source, when it last delivered, what became of its deliveries, and why any was refused', async () => {
    const body = JSON.stringify({ event: 'solved', ticket: { id: '2', updated_at: now() } });
    await post('/hooks/zendesk', body, zendeskHeaders(body, 'a-wrong-secret-for-the-status'));
    const response = await staffFetch(`${urls.http}/api/sources`);
    expect(response.status).toBe(200);
    const { sources } = sourcesList.parse(await response.json());
    expect(sources.map((s) => s.sourceId).sort()).toEqual(['shopify', 'woocommerce', 'zendesk']);
    const zendesk = sources.find((s) => s.sourceId === 'zendesk');
    expect(zendesk?.kind).toBe('zendesk');
    expect(zendesk?.last24Hours.refused).toBeGreaterThan(0);
    expect(zendesk?.last30Days.refused).toBeGreaterThanOrEqual(zendesk?.last24Hours.refused ?? 0);
    expect(zendesk?.latestRefusals[0]?.reason).toBe('The signature does not match');
    expect(Date.parse(zendesk?.lastEventAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    // Unauthenticated, nothing.
    expect((await fetch(`${urls.http}/api/sources`)).status).toBe(401);
  });
});
