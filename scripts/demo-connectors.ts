import { createHmac, randomInt, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { loadConfigFile } from '../shared/config/load.ts';
import { standardWebhookKey } from '../shared/domain/webhook-signature.ts';

/**
 * Sends a realistic delivery through a connector of the running local pipeline (`npm start`), as the platform
 * would: `shopify` puts an orders/fulfilled webhook on the partner bus; `zendesk` posts a signed trigger body for a
 * solved ticket; `webhook` posts a Standard Webhooks delivery with a Purchase Completed. Secrets and names come
 * from the configuration `npm start` runs (CLOSELOOP_CONFIG, default config/local.json).
 * Usage: npm run demo:shopify -- [email]    npm run demo:zendesk -- [email]    npm run demo:webhook -- [email]
 */
const [kind, email = 'ana.silva@example.com'] = process.argv.slice(2);
const root = resolve(import.meta.dirname, '..');
const config = loadConfigFile(resolve(root, process.env.CLOSELOOP_CONFIG ?? 'config/local.json'));
const port = (name: string, fallback: number) => Number(process.env[name] || fallback);
const eventsUrl = `http://127.0.0.1:${port('CLOSELOOP_EVENTS_PORT', 4010)}`;
const httpUrl = `http://127.0.0.1:${port('CLOSELOOP_HTTP_PORT', 3000)}`;
const inboxUrl = `http://127.0.0.1:${port('CLOSELOOP_SES_PORT', 8005)}`;
const now = new Date();
const iso = now.toISOString().replace(/\.\d{3}Z$/, 'Z');

function secretValue(secret: { value: string } | { secretName: string } | undefined, path: string): string {
  if (secret && 'value' in secret) return secret.value;
  throw new Error(`${path} must be a value in the local configuration for the demo to sign with it`);
}

async function shopify() {
  const source = config.sources.shopify;
  if (!source) throw new Error('sources.shopify is not configured');
  const shop = Object.keys(source.shops)[0] as string;
  const orderId = randomInt(1, 2 ** 40);
  const detail = {
    metadata: {
      'Content-Type': 'application/json',
      'X-Shopify-Topic': source.purchaseTopic,
      'X-Shopify-Shop-Domain': shop,
      'X-Shopify-Webhook-Id': randomUUID(),
      'X-Shopify-API-Version': '2025-10',
    },
    payload: {
      id: orderId,
      name: '#1001',
      email,
      created_at: iso,
      processed_at: iso,
      updated_at: iso,
      currency: 'EUR',
      total_price: '42.50',
      customer_locale: 'en',
      customer: { id: randomInt(1, 2 ** 40), email, first_name: 'Ana', last_name: 'Silva' },
      line_items: [
        {
          id: 1,
          variant_id: 808950810,
          title: 'Ethiopia Guji, 250 g',
          sku: 'beans-ethiopia-250',
          quantity: 2,
          price: '21.25',
        },
      ],
      fulfillments: [{ id: 1, created_at: iso, status: 'success' }],
    },
  };
  const bus = new EventBridgeClient({
    endpoint: eventsUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const put = await bus.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: source.eventSourceName,
          Source: source.eventSourceName,
          DetailType: 'shopifyWebhook',
          Detail: JSON.stringify(detail),
        },
      ],
    }),
  );
  return `put Shopify ${source.purchaseTopic} order ${orderId} of ${shop} on ${source.eventSourceName}: ${JSON.stringify(put.Entries)}`;
}

async function post(path: string, body: string, headers: Record<string, string>) {
  const response = await fetch(`${httpUrl}${path}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });
  return `POST ${path}: ${response.status} ${await response.text()}`;
}

async function zendesk() {
  const secret = secretValue(config.sources.zendesk?.signingSecret, 'sources.zendesk.signingSecret');
  const ticketId = String(randomInt(1, 1e9));
  const body = JSON.stringify({
    event: 'solved',
    ticket: {
      id: ticketId,
      subject: 'Grinder arrived broken',
      via: 'Web form',
      brand: 'Acme Coffee',
      created_at: new Date(now.getTime() - 3 * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      updated_at: iso,
      requester: { id: `zd-${email}`, email, name: 'Ana Silva', locale: 'en' },
      assignee: { id: '381923', name: 'Jonas' },
    },
  });
  const signature = createHmac('sha256', secret).update(`${iso}${body}`).digest('base64');
  return post('/hooks/zendesk', body, {
    'x-zendesk-webhook-signature-timestamp': iso,
    'x-zendesk-webhook-signature': signature,
  });
}

async function webhook() {
  const [sourceId, source] = Object.entries(config.sources.webhooks)[0] ?? [];
  if (!sourceId || !source) throw new Error('no sources.webhooks is configured');
  const key = standardWebhookKey(secretValue(source.secret, `sources.webhooks.${sourceId}.secret`));
  const orderId = `ord-${now.getTime()}`;
  const body = JSON.stringify({
    type: 'Purchase Completed',
    data: {
      orderId,
      storeId: 'store-berlin',
      customer: { id: `cus-${email}`, email, name: 'Ana Silva', locale: 'en' },
      total: 42.5,
      currency: 'EUR',
      occurredAt: now.toISOString(),
    },
  });
  const id = `msg_${randomUUID()}`;
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const signature = `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
  return post(`/hooks/${sourceId}`, body, {
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': signature,
  });
}

const demos: Record<string, () => Promise<string>> = { shopify, zendesk, webhook };
const demo = demos[kind ?? ''];
if (!demo) throw new Error(`usage: node scripts/demo-connectors.ts <shopify|zendesk|webhook> [email]; got "${kind}"`);
console.log(await demo());
console.log(`open ${inboxUrl} to see the email; GET ${httpUrl}/api/sources (staff token) shows the source's status`);
