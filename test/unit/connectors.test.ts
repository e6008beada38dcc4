import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { parseConfig } from '#shared/config/load.ts';
import { sourceSecretIds } from '#shared/config/source-secrets.ts';
import { mapShopify } from '#shared/contracts/connectors/shopify.ts';
import { mapStandardWebhook } from '#shared/contracts/connectors/standard-webhook.ts';
import { channelOf, mapZendesk, ZENDESK_TRIGGER_BODY } from '#shared/contracts/connectors/zendesk.ts';
import { readDetail } from '#shared/contracts/contract.ts';
import { contracts } from '#shared/contracts/index.ts';
import { InvalidInput, WebhookRejected } from '#shared/domain/errors.ts';
import { verifyStandardWebhook, verifyZendeskWebhook } from '#shared/domain/webhook-signature.ts';
import { connectorFixture, LOCAL_SOURCES, standardWebhookHeaders, zendeskHeaders } from '../support/connectors.ts';

const NOW = new Date('2026-11-29T12:00:00Z');
const shopify = {
  eventSourceName: LOCAL_SOURCES.shopifyEventSource,
  shops: { [LOCAL_SOURCES.shop]: 'store-berlin' },
  purchaseTopic: 'orders/fulfilled' as const,
};

/** A mapped event must pass its contract exactly as a producer's event would. */
function valid(detailType: string, detail: Record<string, unknown>) {
  const contract = contracts.inbound.find((c) => c.detailType === detailType);
  const { result, ignored } = readDetail<ZodType>(contract as never, detail);
  expect(result.error).toBeUndefined();
  return { data: result.data as Record<string, unknown>, ignored };
}

const shopifyEvent = (overrides: Record<string, string | number> = {}) =>
  connectorFixture('shopify-orders-fulfilled.json', {
    eventId: 'e-1',
    now: '2026-11-29T11:58:00Z',
    orderId: 820982911946154,
    email: 'anja@example.com',
    shop: LOCAL_SOURCES.shop,
    webhookId: 'wh-1',
    ...overrides,
  }).detail as { metadata: Record<string, string>; payload: Record<string, unknown> };

describe('Shopify orders and refunds → closeloop contracts', () => {
  it('maps Shopify’s documented orders/fulfilled payload to a valid Purchase Completed', () => {
    const mapped = mapShopify(shopifyEvent(), shopify);
    expect(mapped.kind).toBe('event');
    if (mapped.kind !== 'event') return;
    expect(mapped.detailType).toBe('Purchase Completed');
    const { data, ignored } = valid(mapped.detailType, mapped.detail);
    expect(data).toMatchObject({
      orderId: '820982911946154',
      storeId: 'store-berlin',
      customer: { id: '115310627314723954', email: 'anja@example.com', name: 'Anja Schmidt', locale: 'de-DE' },
      total: 42.5,
      currency: 'EUR',
      occurredAt: '2026-11-29T11:58:00Z',
    });
    // The id above 2^53 is exact (from the GraphQL id); the gift card without a sku keeps its line by variant.
    expect(data.items).toEqual([
      { sku: 'beans-ethiopia-250', name: 'Ethiopia Guji, 250 g', quantity: 2, unitPrice: 19 },
      { sku: 'variant-1070325065', name: 'Gift card', quantity: 1, unitPrice: 4.5 },
    ]);
    expect(ignored).toEqual([]);
  });

  it('reads a lean order: a customer with only an id and an address, no billing address, no lines', () => {
    const lean = shopifyEvent();
    lean.payload.customer = { id: 7, email: 'anja@example.com' };
    delete lean.payload.billing_address;
    delete lean.payload.line_items;
    const mapped = mapShopify(lean, shopify);
    if (mapped.kind !== 'event') throw new Error('not mapped');
    expect(valid(mapped.detailType, mapped.detail).data).toMatchObject({ customer: { id: '7' }, items: [] });
  });

  it('reads the header names in any case, and the shop domain too', () => {
    const event = shopifyEvent();
    event.metadata = Object.fromEntries(
      Object.entries(event.metadata).map(([k, v]) => [
        k.toLowerCase(),
        k === 'X-Shopify-Shop-Domain' ? v.toUpperCase() : v,
      ]),
    );
    expect(mapShopify(event, shopify).kind).toBe('event');
  });

  it('surveys on payment instead when so configured, and ignores the topic it does not read', () => {
    const paid = shopifyEvent();
    paid.metadata['X-Shopify-Topic'] = 'orders/paid';
    expect(mapShopify(paid, shopify)).toEqual({
      kind: 'ignored',
      reason: 'topic orders/paid is not one closeloop reads',
    });
    const mapped = mapShopify(paid, { ...shopify, purchaseTopic: 'orders/paid' });
    expect(mapped.kind === 'event' && mapped.detail.occurredAt).toBe('2026-11-29T11:58:00Z');
  });

  it('maps refunds/create and orders/cancelled to Order Refunded of the same order id', () => {
    const refund = connectorFixture('shopify-refunds-create.json', {
      eventId: 'e',
      now: '2026-11-29T12:00:00Z',
      orderId: 820982911946154,
      shop: LOCAL_SOURCES.shop,
      webhookId: 'w',
    }).detail;
    const mapped = mapShopify(refund, shopify);
    expect(mapped).toMatchObject({ kind: 'event', detailType: 'Order Refunded' });
    if (mapped.kind === 'event')
      expect(valid(mapped.detailType, mapped.detail).data).toMatchObject({
        orderId: '820982911946154',
        storeId: 'store-berlin',
      });

    const cancelled = shopifyEvent();
    cancelled.metadata['X-Shopify-Topic'] = 'orders/cancelled';
    cancelled.payload.cancelled_at = '2026-11-29T12:01:00-05:00';
    const mappedCancel = mapShopify(cancelled, shopify);
    expect(mappedCancel.kind === 'event' && mappedCancel.detail).toMatchObject({
      orderId: '820982911946154',
      refundedAt: '2026-11-29T12:01:00-05:00',
    });
  });

  it('gives a guest checkout a stable customer id that holds no address', () => {
    const guest = shopifyEvent();
    guest.payload.customer = null;
    const first = mapShopify(guest, shopify);
    const again = mapShopify(shopifyEvent({ email: 'ANJA@example.com' }), shopify);
    const idOf = (mapped: typeof first) =>
      mapped.kind === 'event' ? (mapped.detail.customer as { id: string }).id : '';
    expect(idOf(first)).toMatch(/^shopify-guest-[0-9a-f]{24}$/);
    expect(idOf(first)).not.toContain('anja');
    // The same address, however spelt, is the same guest.
    const guestAgain = shopifyEvent({ email: 'ANJA@example.com' });
    guestAgain.payload.customer = null;
    expect(idOf(mapShopify(guestAgain, shopify))).toBe(idOf(first));
    expect(again.kind).toBe('event');
  });

  it('refuses, with the reason, what it cannot map', () => {
    expect(() => mapShopify(shopifyEvent({ shop: 'stranger.myshopify.com' }), shopify)).toThrow(
      /stranger\.myshopify\.com.*not mapped/,
    );
    const noEmail = shopifyEvent({ email: '' });
    (noEmail.payload.customer as Record<string, unknown>).email = null;
    expect(() => mapShopify(noEmail, shopify)).toThrow(/no email/);
    const noPrice = shopifyEvent();
    noPrice.payload.total_price = 'free';
    expect(() => mapShopify(noPrice, shopify)).toThrow(InvalidInput);
    expect(() => mapShopify({ payload: {} }, shopify)).toThrow(/metadata/);
  });
});

describe('Zendesk trigger bodies → closeloop contracts', () => {
  const zendesk = {
    signingSecret: { value: LOCAL_SOURCES.zendeskSecret },
    store: { brands: { 'Acme Later': 'store-scheduled' }, default: 'store-berlin' },
  };
  const body = (overrides: Record<string, unknown> = {}) => {
    const b = connectorFixture('zendesk-solved.json', {
      ticketId: '4711',
      email: 'jonas@example.com',
      requesterId: '9001',
      now: '2026-11-29T12:00:00Z',
    });
    Object.assign(b.ticket as object, overrides);
    return b;
  };

  it('maps a solved ticket to a valid Ticket Closed, and reopened to Ticket Reopened', () => {
    const mapped = mapZendesk(body(), zendesk);
    expect(mapped.kind === 'event' && mapped.detailType).toBe('Ticket Closed');
    if (mapped.kind !== 'event') return;
    const { data, ignored } = valid(mapped.detailType, mapped.detail);
    expect(data).toMatchObject({
      ticketId: '4711',
      storeId: 'store-berlin',
      customer: { id: '9001', email: 'jonas@example.com', name: 'Jonas Weber' },
      agent: { id: '381923', name: 'Kim Lee' },
      channel: 'web',
      subject: 'Grinder arrived broken',
      closedAt: '2026-11-29T12:00:00Z',
    });
    // "German" is a language name, not a tag: the store's language is used, and the drop is said.
    expect(ignored.map((i) => i.field)).toEqual(['customer.locale']);

    const reopened = mapZendesk({ ...body(), event: 'reopened' }, zendesk);
    expect(reopened).toMatchObject({
      kind: 'event',
      detailType: 'Ticket Reopened',
      detail: { ticketId: '4711', reopenedAt: '2026-11-29T12:00:00Z' },
    });
  });

  it('maps brands to stores, falls back to the default, and refuses an unmapped brand without one', () => {
    expect(mapZendesk(body({ brand: 'Acme Later' }), zendesk)).toMatchObject({
      detail: { storeId: 'store-scheduled' },
    });
    expect(mapZendesk(body({ brand: 'Other' }), zendesk)).toMatchObject({ detail: { storeId: 'store-berlin' } });
    expect(() => mapZendesk(body({ brand: 'Other' }), { ...zendesk, store: { brands: {} } })).toThrow(/Brand "Other"/);
    expect(mapZendesk(body(), { ...zendesk, store: 'store-x' })).toMatchObject({ detail: { storeId: 'store-x' } });
  });

  it('reads unset placeholders ("") as absent: an unassigned ticket, no subject', () => {
    const mapped = mapZendesk(body({ assignee: { id: '', name: '' }, subject: '' }), zendesk);
    if (mapped.kind !== 'event') throw new Error('not mapped');
    expect(valid(mapped.detailType, mapped.detail).data).toMatchObject({ agent: { id: 'unassigned' } });
    expect(mapped.detail.subject).toBeUndefined();
  });

  it('reads Zendesk’s via as a channel', () => {
    expect(
      ['Mail', 'Web form', 'Chat', 'Phone call (inbound)', 'Facebook', 'WhatsApp', 'Closed ticket'].map(channelOf),
    ).toEqual(['email', 'web', 'chat', 'phone', 'social', 'social', 'other']);
  });

  it('documents a trigger body that the mapping reads (every placeholder a field it knows)', () => {
    const filled = JSON.parse(
      JSON.stringify(ZENDESK_TRIGGER_BODY)
        .replaceAll('{{ticket.requester.email}}', 'a@example.com')
        .replaceAll(/\{\{ticket\.[a-z_.]*at_with_timestamp\}\}/g, '2026-11-29T12:00:00Z')
        .replaceAll(/\{\{[^}]+\}\}/g, '7'),
    );
    const mapped = mapZendesk(filled, zendesk);
    if (mapped.kind !== 'event') throw new Error('not mapped');
    valid(mapped.detailType, mapped.detail);
  });
});

describe('Standard Webhooks signatures', () => {
  const body = JSON.stringify({ type: 'Purchase Completed', data: {} });

  it('verifies what the specification’s own library signs, and refuses a wrong key, a tampered body or a stale time', () => {
    const headers = standardWebhookHeaders(body, LOCAL_SOURCES.webhookSecret, NOW, 'msg_1');
    const signed = {
      id: headers['webhook-id'],
      timestamp: headers['webhook-timestamp'],
      signature: headers['webhook-signature'],
    };
    expect(verifyStandardWebhook(signed, body, LOCAL_SOURCES.webhookSecret, NOW)).toEqual({ deliveryId: 'msg_1' });
    const other = `whsec_${Buffer.from('another-key-of-thirty-two-bytes!').toString('base64')}`;
    expect(() => verifyStandardWebhook(signed, body, other, NOW)).toThrow(WebhookRejected);
    expect(() => verifyStandardWebhook(signed, `${body} `, LOCAL_SOURCES.webhookSecret, NOW)).toThrow(/does not match/);
    expect(() =>
      verifyStandardWebhook(signed, body, LOCAL_SOURCES.webhookSecret, new Date(NOW.getTime() + 301_000)),
    ).toThrow(/5 minutes/);
    expect(() => verifyStandardWebhook({ ...signed, signature: '' }, body, LOCAL_SOURCES.webhookSecret, NOW)).toThrow(
      /Missing/,
    );
  });

  it('takes any one valid signature of several (a sender rotating its secret)', () => {
    const headers = standardWebhookHeaders(body, LOCAL_SOURCES.webhookSecret, NOW, 'msg_2');
    const signature = `v1,${Buffer.alloc(32).toString('base64')} ${headers['webhook-signature']}`;
    expect(
      verifyStandardWebhook(
        { id: 'msg_2', timestamp: headers['webhook-timestamp'], signature },
        body,
        LOCAL_SOURCES.webhookSecret,
        NOW,
      ),
    ).toEqual({ deliveryId: 'msg_2' });
  });

  it('reads the signed content exactly as the library writes it: id.timestamp.body with the decoded key', () => {
    // Our reading of the specification, checked by the library: a signature made as verifyStandardWebhook expects
    // is one the library accepts (for a current timestamp, as it checks time against its own clock).
    const key = Buffer.from(LOCAL_SOURCES.webhookSecret.slice('whsec_'.length), 'base64');
    const ts = String(Math.floor(Date.now() / 1000));
    const signature = `v1,${createHmac('sha256', key).update(`msg_3.${ts}.${body}`).digest('base64')}`;
    const headers = { 'webhook-id': 'msg_3', 'webhook-timestamp': ts, 'webhook-signature': signature };
    expect(new Webhook(LOCAL_SOURCES.webhookSecret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(
      verifyStandardWebhook({ id: 'msg_3', timestamp: ts, signature }, body, LOCAL_SOURCES.webhookSecret, new Date()),
    ).toEqual({ deliveryId: 'msg_3' });
  });
});

describe('Zendesk signatures', () => {
  const body = '{"event":"solved"}';
  it('verifies Zendesk’s HMAC of timestamp and body; refuses a wrong secret, a tampered body, a stale time', () => {
    const h = zendeskHeaders(body, LOCAL_SOURCES.zendeskSecret, NOW);
    const headers = {
      signature: h['x-zendesk-webhook-signature'],
      timestamp: h['x-zendesk-webhook-signature-timestamp'],
    };
    const { deliveryId } = verifyZendeskWebhook(headers, body, LOCAL_SOURCES.zendeskSecret, NOW);
    expect(deliveryId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(() => verifyZendeskWebhook(headers, body, 'another-secret-entirely', NOW)).toThrow(WebhookRejected);
    expect(() => verifyZendeskWebhook(headers, `${body} `, LOCAL_SOURCES.zendeskSecret, NOW)).toThrow(/does not match/);
    expect(() =>
      verifyZendeskWebhook(headers, body, LOCAL_SOURCES.zendeskSecret, new Date(NOW.getTime() - 301_000)),
    ).toThrow(/5 minutes/);
  });
});

describe('Standard Webhooks bodies', () => {
  it('carries one of closeloop’s inbound contracts, or is refused naming the field', () => {
    expect(mapStandardWebhook({ type: 'Ticket Reopened', data: { ticketId: 'T-1' } })).toMatchObject({
      kind: 'event',
      detailType: 'Ticket Reopened',
      what: 'Ticket Reopened T-1',
    });
    expect(() => mapStandardWebhook({ type: 'Survey Sent', data: {} })).toThrow(/body\.type/);
    expect(() => mapStandardWebhook([])).toThrow(InvalidInput);
  });
});

describe('sources in the configuration', () => {
  const store = { brandName: 'Acme', sender: { email: 'feedback@acme.example' } };
  const secret = { value: 'a-development-secret-of-some-length' };

  it('refuses a webhook source named like a dedicated connector, a bad event source name, an empty shop map', () => {
    expect(() =>
      parseConfig({ stores: { '*': store }, sources: { webhooks: { zendesk: { secret } } } }, 'test'),
    ).toThrow(/own connector/);
    expect(() =>
      parseConfig(
        {
          stores: { '*': store },
          sources: { shopify: { eventSourceName: 'shopify', shops: { 'a.myshopify.com': 's' } } },
        },
        'test',
      ),
    ).toThrow(/eventSourceName/);
    expect(() =>
      parseConfig(
        {
          stores: { '*': store },
          sources: { shopify: { eventSourceName: LOCAL_SOURCES.shopifyEventSource, shops: {} } },
        },
        'test',
      ),
    ).toThrow(/at least one shop/);
  });

  it('takes secret values locally only: in AWS the function reads a named Secrets Manager secret', () => {
    const config = parseConfig(
      {
        stores: { '*': store },
        sources: {
          zendesk: { signingSecret: secret, store: 's' },
          webhooks: { woo: { secret: { secretName: 'prod/woo' } } },
        },
      },
      'test',
    );
    expect(sourceSecretIds(config, 'local')).toEqual({ zendesk: 'closeloop-local/source/zendesk', woo: 'prod/woo' });
    expect(() => sourceSecretIds(config, 'aws')).toThrow(/sources\.zendesk\.signingSecret is a value/);
  });
});
