import { CLOSELOOP_SOURCE } from '../contracts/detail-types.ts';
import type { Binding } from './bindings.ts';

/** The kinds of function the wiring describes, and what each carries besides its code: its trigger. */

export interface QueueConsumer {
  /** PascalCase id: names the construct, the function and (kebab-cased) the local queue. */
  id: string;
  /** Plain ASCII: it becomes IAM and Lambda descriptions. */
  description: string;
  /** The handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  bindings: readonly Binding[];
  /**
   * The bus rule that feeds the queue; a queue without one is fed by closeloop's own functions. `bus: 'default'`
   * puts the rule, in AWS, on the account's default bus, where AWS services (SES) publish (locally, on closeloop's
   * bus); `bus: 'shopify'` on the partner event bus of `sources.shopify.eventSourceName` (both sides; no rule when
   * Shopify is not configured).
   */
  rule?: { description: string; pattern: Record<string, unknown>; bus?: 'default' | 'shopify' };
  queue: {
    /** Records per invocation. */
    batchSize: number;
    /** Deliveries before a message counts as failed for good (the handler dead-letters it with its reason). */
    maxReceiveCount: number;
    /** How long a delivery stays invisible: six times the function timeout, as AWS advises. */
    visibilityTimeoutSeconds: number;
    /** At most this many concurrent invocations: the SES send-rate valve. */
    maxConcurrency: number;
  };
  timeoutSeconds: number;
  memoryMb: number;
}

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A function behind HTTP API routes; it gets API Gateway's payload format 2.0 events. */
export interface HttpFunction {
  id: string;
  /** Plain ASCII: it becomes IAM and Lambda descriptions. */
  description: string;
  entry: string;
  bindings: readonly Binding[];
  /** `{name}` is one path segment, `{name+}` the rest of the path. */
  routes: readonly { method: HttpMethod; path: string }[];
  /**
   * Who may call the routes. `staff` routes sit behind the API's authorizer; a `public` route says why it needs
   * none (customer and alert links carry a signed, expiring token in their path).
   */
  access: { kind: 'public'; because: string } | { kind: 'staff' };
  timeoutSeconds: number;
  memoryMb: number;
}

/**
 * A function that receives email for the replies domain (`config.replies.domain`): in AWS an SES receipt rule
 * stores each message in S3 under `replies/{messageId}` and invokes it asynchronously; locally the SMTP port does
 * the same. A failure retries twice, then the event goes to the function's dead-letter queue.
 */
export interface MailReceiver {
  id: string;
  description: string;
  entry: string;
  bindings: readonly Binding[];
  timeoutSeconds: number;
  memoryMb: number;
}

/**
 * A function run on a schedule (an EventBridge schedule rule in AWS, a timer locally). It gets the scheduled
 * event, whose `time` is the moment it stands for: locally a sweep can be run for any moment.
 */
export interface ScheduledFunction {
  id: string;
  description: string;
  entry: string;
  bindings: readonly Binding[];
  everyMinutes: number;
  timeoutSeconds: number;
  memoryMb: number;
}

/**
 * Events posted to a chat's incoming webhook (Slack, or anything that takes Slack's `{"text": …}`): each store
 * with `staff.chatWebhookUrl` gets its own. An EventBridge rule with an API destination in AWS (retried for a
 * day, then dead-lettered); locally the bus POSTs the same body to the URL.
 */
export interface ChatWebhook {
  id: string;
  description: string;
  /** The closeloop event posted. */
  detailType: string;
  /** The JSON body: each value a path into the event, such as `$.detail.summary`. */
  body: Record<string, string>;
}

/**
 * The rule pattern of one store's webhook: its own events, or for the `*` store every store not listed by id.
 * Both sides build the rule from it.
 */
export function webhookPattern(webhook: ChatWebhook, storeId: string, storeIds: readonly string[]) {
  const listed = storeIds.filter((id) => id !== '*');
  return {
    source: [CLOSELOOP_SOURCE],
    'detail-type': [webhook.detailType],
    detail: {
      storeId: storeId !== '*' ? [storeId] : listed.length > 0 ? [{ 'anything-but': listed }] : [{ exists: true }],
    },
  };
}

/** The consumer whose queue the `sendQueue` binding names. */
export const SEND_QUEUE_CONSUMER = 'SendSurvey';

/** Where SES (and the local SMTP port) put received replies, under the inbound mail bucket. */
export const INBOUND_MAIL_PREFIX = 'replies/';

/**
 * The function Secrets Manager invokes to rotate the link-signing key. It lives with the key in the stateful stack
 * and is not hosted locally (local keys do not rotate); it has no binding: the rotation grants what it needs.
 */
export type RotationFunction = Pick<QueueConsumer, 'id' | 'description' | 'entry' | 'timeoutSeconds' | 'memoryMb'> & {
  bindings: readonly [];
};

export interface Wiring {
  busName: string;
  consumers: readonly QueueConsumer[];
  http: readonly HttpFunction[];
  mail: readonly MailReceiver[];
  schedules: readonly ScheduledFunction[];
  webhooks: readonly ChatWebhook[];
  signingKeyRotation: RotationFunction;
}
