import { SHOPIFY_DETAIL_TYPE } from '../shared/contracts/connectors/shopify.ts';
import { CustomerErasureRequested } from '../shared/contracts/customer-erasure-requested.ts';
import { DetractorIdentified } from '../shared/contracts/detractor-identified.ts';
import { CLOSELOOP_SOURCE } from '../shared/contracts/index.ts';
import { OrderRefunded } from '../shared/contracts/order-refunded.ts';
import { PurchaseCompleted } from '../shared/contracts/purchase-completed.ts';
import { EmailBounced, EmailComplaintReceived, EmailDelivered, SES_SOURCE } from '../shared/contracts/ses-feedback.ts';
import { SurveyAnswered } from '../shared/contracts/survey-answered.ts';
import { TicketClosed } from '../shared/contracts/ticket-closed.ts';
import { TicketReopened } from '../shared/contracts/ticket-reopened.ts';

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
  | 'inboundMail' // INBOUND_MAIL_BUCKET, s3:GetObject on the replies/ prefix
  | 'sendQueue' // SEND_QUEUE_URL, sqs:SendMessage on the queue of the SEND_QUEUE_CONSUMER
  | 'dueIndex' // dynamodb:Query on the table's due-time index (gsi2)
  | 'staffIndexes' // dynamodb:Query on the indexes staff views read: gsi1 (across stores) and gsi3 (per store)
  | 'erasure' // dynamodb:Query on the customer index (gsi1) and dynamodb:DeleteItem: erasing customers
  | 'staffSignIn' // STAFF_SIGN_IN: how staff get a token (Cognito's hosted sign-in in AWS, a pasted token locally)
  | 'sourceSecrets' // SOURCE_SECRET_IDS: source id -> Secrets Manager secret name (JSON), GetSecretValue on each
  | 'sourceStatus'; // dynamodb:Query on the table, for the SOURCE# items only: the connected sources' status

/** The environment variable each binding sets, on both sides. */
export const BINDING_ENV = {
  table: 'TABLE_NAME',
  bus: 'EVENT_BUS_NAME',
  mail: 'SES_CONFIGURATION_SET',
  signingKeys: 'SIGNING_KEY_SECRET_ID',
  publicBaseUrl: 'PUBLIC_BASE_URL',
  config: 'CLOSELOOP_CONFIG_FILE',
  inboundMail: 'INBOUND_MAIL_BUCKET',
  sendQueue: 'SEND_QUEUE_URL',
  dueIndex: 'DUE_INDEX_NAME',
  staffIndexes: 'STAFF_INDEX_NAMES',
  staffSignIn: 'STAFF_SIGN_IN',
  erasure: 'ERASURE_INDEX_NAME',
  sourceSecrets: 'SOURCE_SECRET_IDS',
  sourceStatus: 'SOURCE_STATUS',
} as const satisfies Record<Binding, string>;

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

export interface Wiring {
  busName: string;
  consumers: readonly QueueConsumer[];
  http: readonly HttpFunction[];
  mail: readonly MailReceiver[];
  schedules: readonly ScheduledFunction[];
  webhooks: readonly ChatWebhook[];
}

export const wiring: Wiring = {
  busName: 'closeloop',
  consumers: [
    {
      id: 'ScheduleSurvey',
      description: 'Store events -> surveys scheduled per program, or cancelled by a refund or a reopened ticket',
      entry: 'functions/schedule-survey.ts',
      bindings: ['table', 'bus', 'sendQueue', 'config'],
      rule: {
        description: 'Purchases, closed and reopened tickets and refunds from the business, never closeloop own events',
        pattern: {
          'detail-type': [
            PurchaseCompleted.detailType,
            TicketClosed.detailType,
            OrderRefunded.detailType,
            TicketReopened.detailType,
          ],
          source: [{ 'anything-but': CLOSELOOP_SOURCE }],
        },
      },
      queue: { batchSize: 10, maxReceiveCount: 5, visibilityTimeoutSeconds: 180, maxConcurrency: 5 },
      timeoutSeconds: 30,
      memoryMb: 512,
    },
    {
      id: SEND_QUEUE_CONSUMER,
      description: 'Due survey emails and reminders -> sent within the SES send rate, or skipped with a reason',
      entry: 'functions/send-survey.ts',
      bindings: ['table', 'bus', 'mail', 'signingKeys', 'publicBaseUrl', 'config'],
      // Two senders at most (Lambda's minimum); the shared send-rate limiter keeps them under the SES rate.
      // Throttled sends wait for a slot, so the timeout leaves room for a batch of ten at a low rate.
      queue: { batchSize: 10, maxReceiveCount: 8, visibilityTimeoutSeconds: 360, maxConcurrency: 2 },
      timeoutSeconds: 60,
      memoryMb: 512,
    },
    {
      id: 'CloseLoop',
      description: 'Survey answers -> detractor cases, staff alerts and follow-ups; promoter thank-yous',
      entry: 'functions/close-loop.ts',
      bindings: ['table', 'bus', 'mail', 'signingKeys', 'publicBaseUrl', 'config'],
      rule: {
        description: 'Answers closeloop recorded',
        pattern: { 'detail-type': [SurveyAnswered.detailType], source: [CLOSELOOP_SOURCE] },
      },
      // Alerts go through the shared SES send-rate limiter like surveys; a batch of ten fits the timeout.
      queue: { batchSize: 10, maxReceiveCount: 8, visibilityTimeoutSeconds: 360, maxConcurrency: 2 },
      timeoutSeconds: 60,
      memoryMb: 512,
    },
    {
      id: 'DeliveryFeedback',
      description: 'SES bounces, complaints and deliveries -> suppressed addresses and the survey delivery outcome',
      entry: 'functions/delivery-feedback.ts',
      bindings: ['table'],
      rule: {
        description: 'What SES reports about emails sent through the closeloop configuration set',
        pattern: {
          source: [SES_SOURCE],
          'detail-type': [EmailBounced.detailType, EmailComplaintReceived.detailType, EmailDelivered.detailType],
        },
        bus: 'default',
      },
      queue: { batchSize: 10, maxReceiveCount: 5, visibilityTimeoutSeconds: 180, maxConcurrency: 2 },
      timeoutSeconds: 30,
      memoryMb: 256,
    },
    {
      id: 'ShopifyEvents',
      description: 'Shopify webhooks from its EventBridge partner event source -> purchases and refunds on the bus',
      entry: 'functions/shopify-events.ts',
      bindings: ['table', 'bus', 'config'],
      rule: {
        description: 'Every Shopify webhook the partner event source delivers',
        pattern: { 'detail-type': [SHOPIFY_DETAIL_TYPE] },
        bus: 'shopify',
      },
      queue: { batchSize: 10, maxReceiveCount: 5, visibilityTimeoutSeconds: 180, maxConcurrency: 2 },
      timeoutSeconds: 30,
      memoryMb: 256,
    },
    {
      id: 'EraseCustomer',
      description: 'Customer Erasure Requested -> the customer surveys, answers and cases erased or anonymized',
      entry: 'functions/erase-customer.ts',
      bindings: ['table', 'erasure', 'bus'],
      rule: {
        description: 'Erasure requests from the business',
        pattern: {
          'detail-type': [CustomerErasureRequested.detailType],
          source: [{ 'anything-but': CLOSELOOP_SOURCE }],
        },
      },
      queue: { batchSize: 5, maxReceiveCount: 5, visibilityTimeoutSeconds: 360, maxConcurrency: 2 },
      timeoutSeconds: 60,
      memoryMb: 256,
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
      access: {
        kind: 'public',
        because: 'Customers open it from their email; the HMAC-signed, expiring token in the path is the credential.',
      },
      timeoutSeconds: 10,
      memoryMb: 512,
    },
    {
      id: 'RecordAnswer',
      description: 'Records a survey answer posted from the answer page',
      entry: 'functions/record-answer.ts',
      bindings: ['table', 'bus', 'signingKeys', 'config'],
      routes: [{ method: 'POST', path: '/s/{token}' }],
      access: {
        kind: 'public',
        because:
          'Customers post it from the answer page; the HMAC-signed, expiring token in the path is the credential.',
      },
      timeoutSeconds: 10,
      memoryMb: 512,
    },
    {
      id: 'Unsubscribe',
      description: 'One-click unsubscribe (RFC 8058): GET shows a confirm page, POST unsubscribes at once',
      entry: 'functions/unsubscribe.ts',
      bindings: ['table', 'signingKeys', 'config'],
      routes: [
        { method: 'GET', path: '/u/{token}' },
        { method: 'HEAD', path: '/u/{token}' },
        { method: 'POST', path: '/u/{token}' },
      ],
      access: {
        kind: 'public',
        because:
          'Mail clients POST it without credentials (RFC 8058); the HMAC-signed token in the path names the address by its hash.',
      },
      timeoutSeconds: 10,
      memoryMb: 512,
    },
    {
      id: 'CasePage',
      description: 'Follow-up case page from a staff alert: shows the case, acknowledges or resolves it on POST',
      entry: 'functions/case-page.ts',
      bindings: ['table', 'bus', 'signingKeys', 'config'],
      routes: [
        { method: 'GET', path: '/c/{token}' },
        { method: 'HEAD', path: '/c/{token}' },
        { method: 'POST', path: '/c/{token}' },
      ],
      access: {
        kind: 'public',
        because:
          'Staff open it from their alert email; the HMAC-signed, expiring case token in the path is the credential.',
      },
      timeoutSeconds: 10,
      memoryMb: 512,
    },
    {
      id: 'StaffCases',
      description: 'Staff API for follow-up cases: list, read, acknowledge, resolve',
      entry: 'functions/staff-cases.ts',
      bindings: ['table', 'staffIndexes', 'bus', 'config'],
      routes: [
        { method: 'GET', path: '/api/cases' },
        { method: 'GET', path: '/api/cases/{caseId}' },
        { method: 'POST', path: '/api/cases/{caseId}/acknowledge' },
        { method: 'POST', path: '/api/cases/{caseId}/resolve' },
      ],
      access: { kind: 'staff' },
      timeoutSeconds: 10,
      memoryMb: 512,
    },
    {
      id: 'StaffCustomers',
      description: 'Staff API: erase a customer on request (GDPR art. 17)',
      entry: 'functions/staff-customers.ts',
      bindings: ['table', 'erasure', 'bus'],
      routes: [{ method: 'DELETE', path: '/api/customers/{customerId}' }],
      access: { kind: 'staff' },
      timeoutSeconds: 29,
      memoryMb: 256,
    },
    {
      id: 'StaffReports',
      description: 'Staff API: reports from the aggregates, comments, CSV export, OpenAPI document',
      entry: 'functions/staff-reports.ts',
      bindings: ['table', 'staffIndexes', 'config', 'publicBaseUrl'],
      routes: [
        { method: 'GET', path: '/api/reports/summary' },
        { method: 'GET', path: '/api/reports/trend' },
        { method: 'GET', path: '/api/reports/distribution' },
        { method: 'GET', path: '/api/reports/breakdown' },
        { method: 'GET', path: '/api/reports/comments' },
        { method: 'GET', path: '/api/reports/responses.csv' },
        { method: 'GET', path: '/api/openapi.json' },
      ],
      access: { kind: 'staff' },
      // An export reads up to 5 MB of answers.
      timeoutSeconds: 29,
      memoryMb: 1024,
    },
    {
      id: 'SourceWebhooks',
      description: 'Signed webhooks from Zendesk and Standard Webhooks senders -> store events on the bus',
      entry: 'functions/source-webhooks.ts',
      bindings: ['table', 'bus', 'config', 'sourceSecrets'],
      routes: [
        { method: 'POST', path: '/hooks/zendesk' },
        { method: 'POST', path: '/hooks/{sourceId}' },
      ],
      access: {
        kind: 'public',
        because:
          'Platforms post it without API credentials; each delivery is signed with the source secret (HMAC-SHA256), checked with its timestamp and id before anything is stored.',
      },
      timeoutSeconds: 10,
      memoryMb: 256,
    },
    {
      id: 'StaffSources',
      description: 'Staff API: the connected sources, what each delivered and why any was refused',
      entry: 'functions/staff-sources.ts',
      bindings: ['table', 'sourceStatus', 'config'],
      routes: [{ method: 'GET', path: '/api/sources' }],
      access: { kind: 'staff' },
      timeoutSeconds: 10,
      memoryMb: 256,
    },
    {
      id: 'Dashboard',
      description: 'Staff dashboard: charts, tables, comments and cases, drawn from the staff API',
      entry: 'functions/dashboard.ts',
      bindings: ['config'],
      routes: [{ method: 'GET', path: '/dashboard' }],
      access: { kind: 'staff' },
      timeoutSeconds: 10,
      memoryMb: 256,
    },
    {
      id: 'StaffSignIn',
      description: 'Staff sign-in page: gets a token, then opens the dashboard with it',
      entry: 'functions/staff-sign-in.ts',
      bindings: ['staffSignIn'],
      routes: [
        { method: 'GET', path: '/sign-in' },
        { method: 'GET', path: '/' },
      ],
      access: {
        kind: 'public',
        because:
          'It is where staff get their token: the page holds no data and sends people to the sign-in of the user pool.',
      },
      timeoutSeconds: 10,
      memoryMb: 256,
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
  schedules: [
    {
      id: 'SweepDueSurveys',
      description: 'Every minute: survey emails and reminders now due -> the send queue',
      entry: 'functions/sweep-due-surveys.ts',
      bindings: ['table', 'dueIndex', 'sendQueue'],
      everyMinutes: 1,
      timeoutSeconds: 60,
      memoryMb: 256,
    },
    {
      id: 'EscalateOverdueCases',
      description: 'Every minute: follow-up cases unacknowledged at their deadline -> escalated once',
      entry: 'functions/escalate-overdue-cases.ts',
      bindings: ['table', 'dueIndex', 'bus', 'mail', 'signingKeys', 'publicBaseUrl', 'config'],
      everyMinutes: 1,
      timeoutSeconds: 60,
      memoryMb: 256,
    },
  ],
  webhooks: [
    {
      id: 'DetractorChatAlert',
      description: 'Detractor alerts -> the store chat incoming webhook',
      detailType: DetractorIdentified.detailType,
      body: { text: '$.detail.chatText' },
    },
  ],
};

/** What every function of the wiring has, whatever invokes it. */
export type FunctionDefinition = Pick<
  QueueConsumer,
  'id' | 'description' | 'entry' | 'bindings' | 'timeoutSeconds' | 'memoryMb'
>;

/** Every function of the wiring, each once: what the CDK app deploys and the local runtime hosts. */
export function functionsOf(wiring: Wiring): FunctionDefinition[] {
  return [...wiring.consumers, ...wiring.http, ...wiring.mail, ...wiring.schedules];
}

export const kebab = (id: string) => id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
