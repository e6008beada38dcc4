import { CLOSELOOP_SOURCE, DETAIL_TYPES, SES_SOURCE } from '../contracts/detail-types.ts';
import { type QueueConsumer, SEND_QUEUE_CONSUMER, type Wiring } from './kinds.ts';

export * from './bindings.ts';
export * from './kinds.ts';

/**
 * The one description of how closeloop is wired: which events reach which function through which queue. The CDK
 * stack builds rules, queues, dead-letter queues, event source mappings and environment from it; the local
 * runtime builds the same from it. Plain data, no CDK import, so both sides read it.
 */

const described = {
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
            DETAIL_TYPES.purchaseCompleted,
            DETAIL_TYPES.ticketClosed,
            DETAIL_TYPES.orderRefunded,
            DETAIL_TYPES.ticketReopened,
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
      // Senders: Lambda's minimum here; as deployed, enough to keep the SES quota busy (`sizedWiring`:
      // sending.maxPerSecond × sending.secondsPerSend). The shared send-rate limiter keeps them all under the
      // quota. Throttled sends wait for a slot, so the timeout leaves room for a batch of ten at a low rate.
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
        pattern: { 'detail-type': [DETAIL_TYPES.surveyAnswered], source: [CLOSELOOP_SOURCE] },
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
          'detail-type': [DETAIL_TYPES.emailBounced, DETAIL_TYPES.emailComplaintReceived, DETAIL_TYPES.emailDelivered],
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
        pattern: { 'detail-type': [DETAIL_TYPES.shopifyWebhook] },
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
          'detail-type': [DETAIL_TYPES.customerErasureRequested],
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
      bindings: ['table', 'bus', 'signingKeys', 'config', 'commentModel'],
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
        { method: 'GET', path: '/api/reports/themes' },
        { method: 'GET', path: '/api/reports/reasons' },
        { method: 'GET', path: '/api/reports/loop' },
        { method: 'GET', path: '/api/reports/loyalty' },
        { method: 'GET', path: '/api/reports/comments' },
        { method: 'GET', path: '/api/reports/responses.csv' },
        { method: 'GET', path: '/api/programs' },
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
      bindings: [],
      routes: [{ method: 'GET', path: '/dashboard' }],
      access: {
        kind: 'public',
        because:
          'The page is a shell that holds no data: its script reads everything from staff routes with the token, and sends a browser without one to the sign-in.',
      },
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
      bindings: ['table', 'bus', 'signingKeys', 'config', 'mail', 'publicBaseUrl', 'inboundMail', 'commentModel'],
      timeoutSeconds: 30,
      memoryMb: 512,
    },
  ],
  schedules: [
    {
      id: 'SweepDueSurveys',
      description: 'Every minute: survey emails and reminders now due -> the send queue',
      entry: 'functions/sweep-due-surveys.ts',
      bindings: ['table', 'dueIndex', 'sendQueue', 'config'],
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
    {
      id: 'SendStaffNotices',
      description: 'Every hour: the weekly digest of each store (Mondays) and score-drop alerts, each sent once',
      entry: 'functions/send-staff-notices.ts',
      bindings: ['table', 'staffIndexes', 'bus', 'mail', 'signingKeys', 'publicBaseUrl', 'config'],
      everyMinutes: 60,
      timeoutSeconds: 300,
      memoryMb: 512,
    },
  ],
  webhooks: [
    {
      id: 'DetractorChatAlert',
      description: 'Detractor alerts -> the store chat incoming webhook',
      detailType: DETAIL_TYPES.detractorIdentified,
      body: { text: '$.detail.chatText' },
    },
    {
      id: 'ScoreDropChatAlert',
      description: 'Score-drop alerts -> the store chat incoming webhook',
      detailType: DETAIL_TYPES.scoreDropped,
      body: { text: '$.detail.chatText' },
    },
  ],
  signingKeyRotation: {
    id: 'RotateSigningKey',
    description: 'Rotates the link-signing key: a new kid becomes current, the previous one still verifies',
    entry: 'functions/rotate-signing-key.ts',
    bindings: [],
    timeoutSeconds: 30,
    memoryMb: 256,
  },
} as const satisfies Wiring;

export const wiring: Wiring = described;

/** What every function of the wiring has, whatever invokes it. */
export type FunctionDefinition = Pick<
  QueueConsumer,
  'id' | 'description' | 'entry' | 'bindings' | 'timeoutSeconds' | 'memoryMb'
>;

/** Every function closeloop deploys, with its literal id and bindings: what `functionEnv` types a handler's environment from. */
export type DescribedFunction =
  | (typeof described)['consumers' | 'http' | 'mail' | 'schedules'][number]
  | (typeof described)['signingKeyRotation'];
export type FunctionId = DescribedFunction['id'];
/** The kind of invocation of a function, by id: what decides its invocation variables. */
export type ConsumerId = (typeof described)['consumers'][number]['id'];
export type MailReceiverId = (typeof described)['mail'][number]['id'];
export type BindingsOf<Id extends FunctionId> = Extract<DescribedFunction, { id: Id }>['bindings'][number];

/** Every function of the wiring, each once: what the CDK app deploys and the local runtime hosts. */
export function functionsOf(wiring: Wiring): FunctionDefinition[] {
  return [...wiring.consumers, ...wiring.http, ...wiring.mail, ...wiring.schedules];
}

/** One function of the wiring, by id. */
export function describedFunction(id: FunctionId): FunctionDefinition {
  const definition = [...functionsOf(wiring), wiring.signingKeyRotation].find((fn) => fn.id === id);
  if (definition === undefined) throw new Error(`${id} is not a function of the wiring`);
  return definition;
}

export const kebab = (id: string) => id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
