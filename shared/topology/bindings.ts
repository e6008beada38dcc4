import type { IndexName } from './table.ts';

/**
 * What a function is bound to. A binding is a grant and, when the function needs a value to use it, one
 * environment variable; the CDK stack and the local runtime both set exactly these, and a handler reads its
 * environment through `functionEnv`, which knows only the variables of its own bindings.
 */
export type Binding =
  | 'table' // item access on the base table
  | 'bus' // PutEvents on closeloop's bus
  | 'mail' // ses:SendEmail through the configuration set
  | 'signingKeys' // GetSecretValue on the link-signing key
  | 'publicBaseUrl' // where customers' and staff links point
  | 'config' // the validated configuration, bundled with the function
  | 'inboundMail' // s3:GetObject and DeleteObject under the replies/ prefix
  | 'sendQueue' // sqs:SendMessage on the queue of the SEND_QUEUE_CONSUMER
  | 'dueIndex' // Query on the due-time index
  | 'staffIndexes' // Query on the indexes staff views read: across stores and per store
  | 'erasure' // Query on the customer index and DeleteItem: erasing customers
  | 'staffSignIn' // how staff get a token (Cognito's hosted sign-in in AWS, a pasted token locally)
  | 'sourceSecrets' // source id -> Secrets Manager secret name (JSON), GetSecretValue on each
  | 'sourceStatus' // Query on the table, for the SOURCE# items only: the connected sources' status
  | 'commentModel'; // bedrock:InvokeModel on the configured model, when comments are classified by Bedrock

/** The environment variable each binding sets, on both sides; `null` for a binding that is a grant only. */
export const BINDING_ENV = {
  table: 'TABLE_NAME',
  bus: 'EVENT_BUS_NAME',
  mail: 'SES_CONFIGURATION_SET',
  signingKeys: 'SIGNING_KEY_SECRET_ID',
  publicBaseUrl: 'PUBLIC_BASE_URL',
  config: 'CLOSELOOP_CONFIG_FILE',
  inboundMail: 'INBOUND_MAIL_BUCKET',
  sendQueue: 'SEND_QUEUE_URL',
  dueIndex: null,
  staffIndexes: null,
  erasure: null,
  staffSignIn: 'STAFF_SIGN_IN',
  sourceSecrets: 'SOURCE_SECRET_IDS',
  sourceStatus: null,
  commentModel: null,
} as const satisfies Record<Binding, string | null>;

/** The bindings that set a variable. */
export type EnvBinding = { [B in Binding]: (typeof BINDING_ENV)[B] extends string ? B : never }[Binding];

export const isEnvBinding = (binding: Binding): binding is EnvBinding => BINDING_ENV[binding] !== null;

/** The indexes a binding may query: the grant names them, the adapters query them by the same names. */
export const BINDING_INDEXES = {
  dueIndex: ['due'],
  staffIndexes: ['acrossStores', 'perStore', 'sentOfStore', 'daysOfProgram'],
  erasure: ['ofCustomer', 'acrossStores'],
} as const satisfies Partial<Record<Binding, readonly IndexName[]>>;

/**
 * Variables a function has for how it is invoked rather than what it is bound to: a queue consumer dead-letters
 * a message with its reason on its last delivery; a mail receiver dead-letters a message it cannot read.
 */
export const INVOCATION_ENV = {
  deadLetterQueue: 'DEAD_LETTER_QUEUE_URL',
  maxReceiveCount: 'MAX_RECEIVE_COUNT',
} as const;
