import { createHash } from 'node:crypto';

export type Metric = 'nps' | 'csat' | 'ces';
export type TriggerType = 'order' | 'ticket';

/**
 * A survey moves pending → sending → sent. `sending` is a lease: whoever holds it until `leaseUntil` is the only
 * one allowed to hand the email to SES, so two deliveries of one event, even at the same moment, send one email.
 */
export type SurveyStatus = 'pending' | 'sending' | 'sent';

export interface Survey {
  id: string;
  program: string;
  metric: Metric;
  storeId: string;
  customer: { id: string; email: string; name?: string | undefined; locale?: string | undefined };
  trigger: { type: TriggerType; id: string };
  /** The support agent of a ticket survey. */
  agent?: { id: string; name?: string | undefined } | undefined;
  locale: string;
  status: SurveyStatus;
  createdAt: string;
  expiresAt: string;
  leaseUntil?: string | undefined;
  sentAt?: string | undefined;
  messageId?: string | undefined;
  /** True once `Survey Sent` is on the bus. */
  announced?: boolean | undefined;
}

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * The survey id is derived from what triggered it, so every delivery of one order's event names the same survey:
 * the id is the idempotency key. 130 bits of SHA-256 in Crockford base32: URL-safe, no separators.
 */
export function surveyIdFor(program: string, storeId: string, trigger: { type: TriggerType; id: string }): string {
  const digest = createHash('sha256')
    .update(`${program}\u0000${storeId}\u0000${trigger.type}\u0000${trigger.id}`)
    .digest();
  let bits = 0;
  let value = 0;
  let id = '';
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && id.length < 26) {
      id += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
    if (id.length === 26) break;
  }
  return id;
}

/** Whether a survey in this state may be claimed for sending at `now`. */
export function isClaimable(survey: Pick<Survey, 'status' | 'leaseUntil'>, now: Date): boolean {
  if (survey.status === 'pending') return true;
  if (survey.status === 'sending')
    return survey.leaseUntil === undefined || Date.parse(survey.leaseUntil) <= now.getTime();
  return false;
}
