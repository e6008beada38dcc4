import { CLOSELOOP_SOURCE } from '../shared/contracts/index.ts';
import { PurchaseCompleted } from '../shared/contracts/purchase-completed.ts';
import { TicketClosed } from '../shared/contracts/ticket-closed.ts';

/**
 * The one description of how closeloop is wired: which events reach which function through which queue. The CDK
 * stack builds rules, queues, dead-letter queues, event source mappings and environment from it; the local
 * runtime builds the same from it. Plain data, no CDK import, so both sides read it.
 */

/** What a function is bound to. Each binding is one environment variable and one grant, on both sides. */
export type Binding =
  | 'table' // TABLE_NAME, read/write
  | 'bus' // EVENT_BUS_NAME, PutEvents
  | 'mail' // SES_CONFIGURATION_SET, ses:SendEmail
  | 'signingKeys' // SIGNING_KEY_SECRET_ID, GetSecretValue
  | 'publicBaseUrl' // PUBLIC_BASE_URL
  | 'config' // CLOSELOOP_CONFIG_FILE (the validated configuration, bundled with the function)
  | 'inboundMail'; // INBOUND_MAIL_BUCKET, s3:GetObject on the replies/ prefix

/** The environment variable each binding sets, on both sides. */
export const BINDING_ENV = {
  table: 'TABLE_NAME',
  bus: 'EVENT_BUS_NAME',
  mail: 'SES_CONFIGURATION_SET',
  signingKeys: 'SIGNING_KEY_SECRET_ID',
  publicBaseUrl: 'PUBLIC_BASE_URL',
  config: 'CLOSELOOP_CONFIG_FILE',
  inboundMail: 'INBOUND_MAIL_BUCKET',
} as const satisfies Record<Binding, string>;

export interface QueueConsumer {
  /** PascalCase id: names the construct, the function and (kebab-cased) the local queue. */
  id: string;
  /** Plain ASCII: it becomes IAM and Lambda descriptions. */
  description: string;
  /** The handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  bindings: readonly Binding[];
  rule: { description: string; pattern: Record<string, unknown> };
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
   * Why a route needs no authorizer, when it has none. Staff routes get the JWT authorizer; customer routes are
   * authenticated by the signed token in their path.
   */
  publicBecause: string;
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

/** Where SES (and the local SMTP port) put received replies, under the inbound mail bucket. */
export const INBOUND_MAIL_PREFIX = 'replies/';

export interface Wiring {
  busName: string;
  consumers: readonly QueueConsumer[];
  http: readonly HttpFunction[];
  mail: readonly MailReceiver[];
}

export const wiring: Wiring = {
  busName: 'closeloop',
  consumers: [
    {
      id: 'DispatchSurvey',
      description: 'Purchase Completed or Ticket Closed -> one survey email per order or ticket',
      entry: 'functions/dispatch-survey.ts',
      bindings: ['table', 'bus', 'mail', 'signingKeys', 'publicBaseUrl', 'config'],
      rule: {
        description: 'Purchases and closed tickets from the business, never closeloop own events',
        pattern: {
          'detail-type': [PurchaseCompleted.detailType, TicketClosed.detailType],
          source: [{ 'anything-but': CLOSELOOP_SOURCE }],
        },
      },
      queue: { batchSize: 10, maxReceiveCount: 5, visibilityTimeoutSeconds: 180, maxConcurrency: 5 },
      timeoutSeconds: 30,
      memoryMb: 512,
    },
  ],
  http: [
    {
      id: 'AnswerPage',
      description: 'Survey answer page: shows the question, never records',
      entry: 'functions/answer-page.ts',
      bindings: ['table', 'signingKeys', 'config'],
      routes: [
        { method: 'GET', path: '/s/{token}' },
        { method: 'HEAD', path: '/s/{token}' },
      ],
      publicBecause:
        'Customers open it from their email; the HMAC-signed, expiring token in the path is the credential.',
      timeoutSeconds: 10,
      memoryMb: 512,
    },
    {
      id: 'RecordAnswer',
      description: 'Records a survey answer posted from the answer page',
      entry: 'functions/record-answer.ts',
      bindings: ['table', 'bus', 'signingKeys', 'config'],
      routes: [{ method: 'POST', path: '/s/{token}' }],
      publicBecause:
        'Customers post it from the answer page; the HMAC-signed, expiring token in the path is the credential.',
      timeoutSeconds: 10,
      memoryMb: 512,
    },
  ],
  mail: [
    {
      id: 'EmailReply',
      description: 'Records a survey answer a customer typed into an email reply',
      entry: 'functions/email-reply.ts',
      bindings: ['table', 'bus', 'signingKeys', 'config', 'mail', 'publicBaseUrl', 'inboundMail'],
      timeoutSeconds: 30,
      memoryMb: 512,
    },
  ],
};

export const kebab = (id: string) => id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
