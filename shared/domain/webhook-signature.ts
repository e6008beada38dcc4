import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { WebhookRejected } from './errors.ts';

/** How far a delivery's signed timestamp may be from now, either way: the window in which a replay could pass. */
export const WEBHOOK_TOLERANCE_MS = 5 * 60 * 1000;

/** A verified delivery: the id it is deduplicated by (a replay of it is refused). */
export interface VerifiedDelivery {
  deliveryId: string;
}

const equalBytes = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);

function withinTolerance(at: number, now: Date): void {
  if (!Number.isFinite(at)) throw new WebhookRejected('The signature timestamp is not a time');
  if (Math.abs(now.getTime() - at) > WEBHOOK_TOLERANCE_MS)
    throw new WebhookRejected('The signature timestamp is more than 5 minutes away from now');
}

/** The key of a Standard Webhooks secret: `whsec_` and base64 of the key bytes (the prefix is optional). */
export function standardWebhookKey(secret: string): Buffer {
  const encoded = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  const key = Buffer.from(encoded, 'base64');
  if (key.length < 16 || key.toString('base64').replace(/=+$/, '') !== encoded.replace(/=+$/, ''))
    throw new Error('A Standard Webhooks secret is whsec_ and the base64 of at least 16 bytes');
  return key;
}

/**
 * Standard Webhooks (standardwebhooks.com): `webhook-signature` lists one or more `v1,<base64 HMAC-SHA256>` of
 * `{webhook-id}.{webhook-timestamp}.{body}` (space-separated, so a sender can rotate its secret); the timestamp is
 * Unix seconds. The body must be the bytes as received.
 */
export function verifyStandardWebhook(
  headers: { id: string; timestamp: string; signature: string },
  body: string,
  secret: string,
  now: Date,
): VerifiedDelivery {
  if (!headers.id || !headers.timestamp || !headers.signature)
    throw new WebhookRejected('Missing webhook-id, webhook-timestamp or webhook-signature');
  if (!/^[0-9]{1,12}$/.test(headers.timestamp)) throw new WebhookRejected('webhook-timestamp is not Unix seconds');
  withinTolerance(Number(headers.timestamp) * 1000, now);
  const expected = createHmac('sha256', standardWebhookKey(secret))
    .update(`${headers.id}.${headers.timestamp}.${body}`)
    .digest();
  const matches = headers.signature
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .some((entry) => equalBytes(Buffer.from(entry.slice(3), 'base64'), expected));
  if (!matches) throw new WebhookRejected('The signature does not match');
  return { deliveryId: headers.id.slice(0, 200) };
}

/**
 * Zendesk webhooks: `X-Zendesk-Webhook-Signature` is base64(HMAC-SHA256(signing secret,
 * `X-Zendesk-Webhook-Signature-Timestamp` + body)). A delivery carries no id of its own, so the signature (unique
 * per timestamp and body) is what a replay is recognised by.
 */
export function verifyZendeskWebhook(
  headers: { signature: string; timestamp: string },
  body: string,
  secret: string,
  now: Date,
): VerifiedDelivery {
  if (!headers.signature || !headers.timestamp)
    throw new WebhookRejected('Missing X-Zendesk-Webhook-Signature or X-Zendesk-Webhook-Signature-Timestamp');
  withinTolerance(Date.parse(headers.timestamp), now);
  const expected = createHmac('sha256', secret).update(`${headers.timestamp}${body}`).digest();
  if (!equalBytes(Buffer.from(headers.signature, 'base64'), expected))
    throw new WebhookRejected('The signature does not match');
  return { deliveryId: createHash('sha256').update(expected).digest('base64url') };
}
