import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { Webhook } from 'standardwebhooks';

/** The development secrets and names config/local.json (and the tests' configuration) give the connectors. */
export const LOCAL_SOURCES = {
  shopifyEventSource: 'aws.partner/shopify.com/1234567/closeloop-local',
  shop: 'acme-coffee.myshopify.com',
  zendeskSecret: 'dev-zendesk-signing-secret-local-only',
  webhookSecret: 'whsec_Y2xvc2Vsb29wLWxvY2FsLXdlYmhvb2tzLWRldi1rZXk=',
} as const;

const fixtures = resolve(import.meta.dirname, '../fixtures/connectors');

/** A fixture with its `{name}` placeholders filled; `"{name}"` of a number fills as the bare number. */
export function connectorFixture(file: string, values: Record<string, string | number>): Record<string, unknown> {
  let text = readFileSync(resolve(fixtures, file), 'utf8');
  for (const [name, value] of Object.entries(values))
    text = text.replaceAll(typeof value === 'number' ? `"{${name}}"` : `{${name}}`, String(value));
  return JSON.parse(text) as Record<string, unknown>;
}

/** Puts a Shopify partner event (as Shopify would deliver it) on the local partner bus. */
export async function putShopifyEvent(bus: EventBridgeClient, event: Record<string, unknown>) {
  const put = await bus.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: LOCAL_SOURCES.shopifyEventSource,
          Source: String(event.source),
          DetailType: String(event['detail-type']),
          Detail: JSON.stringify(event.detail),
        },
      ],
    }),
  );
  if (put.FailedEntryCount !== 0) throw new Error(`the partner bus refused the event: ${JSON.stringify(put.Entries)}`);
}

/** Zendesk's signature headers for a body, at a given time (now unless said). */
export function zendeskHeaders(body: string, secret: string = LOCAL_SOURCES.zendeskSecret, at = new Date()) {
  const timestamp = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    'content-type': 'application/json',
    'x-zendesk-webhook-id': '01HZENDESKWEBHOOK',
    'x-zendesk-webhook-signature-timestamp': timestamp,
    'x-zendesk-webhook-signature': createHmac('sha256', secret).update(`${timestamp}${body}`).digest('base64'),
  };
}

/** Standard Webhooks headers, signed with the specification's own library. */
export function standardWebhookHeaders(
  body: string,
  secret: string = LOCAL_SOURCES.webhookSecret,
  at = new Date(),
  id = `msg_${randomUUID()}`,
) {
  const signature = new Webhook(secret).sign(id, at, body);
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signature,
  };
}
