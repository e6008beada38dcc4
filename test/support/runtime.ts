import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { type Message, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { DocumentClient } from '#shared/adapters/aws/dynamodb.ts';
import { SecretsManagerApi } from '#shared/adapters/aws/services.ts';

export const credentials = { accessKeyId: 'any', secretAccessKey: 'any' };
export const region = 'us-east-1';

/** The environment closeloop's own AWS clients read in Lambda, pointed at an emulator instead. */
export const localAwsEnv = (endpoint: string) => ({
  AWS_REGION: region,
  AWS_ENDPOINT_URL: endpoint,
  AWS_ACCESS_KEY_ID: credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
});

/** closeloop's own document client (what the functions use) on a DynamoDB endpoint. */
export const closeloopDocumentClient = (endpoint: string) =>
  new DocumentClient({ context: { env: localAwsEnv(endpoint) } });

/** closeloop's own Secrets Manager client on an endpoint. */
export const closeloopSecrets = (endpoint: string) =>
  new SecretsManagerApi({ context: { env: localAwsEnv(endpoint) } });

/**
 * SDK clients a business (or an operator) would use, pointed at the local runtime this test run started, and
 * `db`, closeloop's own client on the same table, for the adapters under test.
 */
export function localClients() {
  const urls = inject('runtime');
  return {
    urls,
    eventBridge: new EventBridgeClient({ endpoint: urls.events, region, credentials }),
    sqs: new SQSClient({ endpoint: urls.events, region, credentials }),
    dynamo: DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: urls.dynamodb, region, credentials })),
    db: closeloopDocumentClient(urls.dynamodb),
  };
}

/** A request to a staff route, with the staff token the runtime printed. */
export function staffFetch(url: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${inject('runtime').staffToken}`);
  return fetch(url, { ...init, headers });
}

export interface InboxEmail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
  headers?: { name: string; value: string }[];
  at: number;
}

/** Every email SES local has accepted. */
export async function allEmails(sesUrl: string): Promise<InboxEmail[]> {
  const response = await fetch(`${sesUrl}/store`);
  return ((await response.json()) as { emails: InboxEmail[] }).emails;
}

/** Every email SES local has accepted, addressed to `to`. */
export async function inbox(sesUrl: string, to: string): Promise<InboxEmail[]> {
  return (await allEmails(sesUrl)).filter((email) => email.destination.to.includes(to));
}

/** Puts purchases on a bus as a store would, ten per PutEvents, and checks the bus took every one. */
export async function putPurchases(eventBridge: EventBridgeClient, purchases: readonly Record<string, unknown>[]) {
  for (let i = 0; i < purchases.length; i += 10) {
    const put = await eventBridge.send(
      new PutEventsCommand({
        Entries: purchases.slice(i, i + 10).map((detail) => ({
          EventBusName: 'closeloop',
          Source: 'acme.webshop',
          DetailType: 'Purchase Completed',
          Detail: JSON.stringify(detail),
        })),
      }),
    );
    if (put.FailedEntryCount) throw new Error(`The bus refused ${put.FailedEntryCount} purchases`);
  }
}

/** Polls until `check` returns a value, or fails with the last state after the deadline. */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Waits until the pipeline is done with what `markers` name (a survey id, a store id, an address): no consumer
 * queue holds a message, visible or in flight, whose body holds one. Local buses enqueue within PutEvents and a
 * consumer puts what it causes before its message is deleted, so once that count is zero nothing more will happen
 * for them. Checked twice, a poll apart, for the HTTP and mail invocations that put events of their own. No
 * markers: every consumer queue empty (for a runtime of the test's own).
 */
export async function quiet(
  markers: readonly string[],
  { eventsUrl = inject('runtime').events, timeoutMs = 30_000 } = {},
): Promise<void> {
  const url = new URL(`${eventsUrl}/queues/pending`);
  for (const marker of markers) url.searchParams.append('contains', marker);
  const pending = async () => ((await (await fetch(url)).json()) as { pending: number }).pending;
  const twiceEmpty = async () => {
    if ((await pending()) > 0) return undefined;
    await new Promise((r) => setTimeout(r, 50));
    return (await pending()) === 0 ? true : undefined;
  };
  await eventually(
    twiceEmpty,
    markers.length > 0 ? `the pipeline done with ${markers.join(', ')}` : 'the pipeline idle',
    timeoutMs,
  );
}

let sequence = 0;
/** A unique id per test, so tests sharing one runtime never see each other's surveys. */
export const unique = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}-${(sequence++).toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

export function putPurchase(eventBridge: EventBridgeClient, detail: Record<string, unknown>, source = 'acme.webshop') {
  return eventBridge.send(
    new PutEventsCommand({
      Entries: [
        { EventBusName: 'closeloop', Source: source, DetailType: 'Purchase Completed', Detail: JSON.stringify(detail) },
      ],
    }),
  );
}

export function purchaseDetail(overrides: Record<string, unknown> = {}) {
  const customerEmail = `${unique('customer')}@example.com`;
  return {
    orderId: unique('ord'),
    storeId: 'store-berlin',
    customer: { id: unique('cus'), email: customerEmail, name: 'Ana Silva' },
    total: 42.5,
    currency: 'EUR',
    items: [{ sku: 'beans', quantity: 1 }],
    occurredAt: new Date().toISOString(),
    ...overrides,
  };
}

/** Waits for the dead letter whose body contains `marker` on a local dead-letter queue, and returns it. */
export async function deadLetter(queueName: string, marker: string) {
  const { letters, queueUrl } = await deadLettersFor(queueName, [marker]);
  return { ...(letters.get(marker) as Message), queueUrl };
}

/**
 * The dead letters whose bodies hold each marker, read from a queue that may hold many: batches are hidden for two
 * seconds as they are read, so the reader reaches past the first ten; they are visible again for others after.
 */
export async function deadLettersFor(queueName: string, markers: readonly string[], timeoutMs = 15_000) {
  const { sqs } = localClients();
  const { GetQueueUrlCommand, ReceiveMessageCommand } = await import('@aws-sdk/client-sqs');
  const queueUrl = (await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }))).QueueUrl;
  const found = new Map<string, Message>();
  const deadline = Date.now() + timeoutMs;
  while (found.size < markers.length && Date.now() < deadline) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 2,
        MessageAttributeNames: ['All'],
      }),
    );
    for (const message of Messages)
      for (const marker of markers) if (message.Body?.includes(marker)) found.set(marker, message);
    if (Messages.length === 0) await new Promise((r) => setTimeout(r, 100));
  }
  const missing = markers.filter((marker) => !found.has(marker));
  if (missing.length > 0) throw new Error(`No dead letter on ${queueName} for ${missing.join(', ')}`);
  return { letters: found, queueUrl };
}

export function putTicket(eventBridge: EventBridgeClient, detail: Record<string, unknown>, source = 'acme.helpdesk') {
  return eventBridge.send(
    new PutEventsCommand({
      Entries: [
        { EventBusName: 'closeloop', Source: source, DetailType: 'Ticket Closed', Detail: JSON.stringify(detail) },
      ],
    }),
  );
}

export function ticketDetail(overrides: Record<string, unknown> = {}) {
  return {
    ticketId: unique('ticket'),
    storeId: unique('store'),
    customer: { id: unique('cus'), email: `${unique('customer')}@example.com`, name: 'Ana Silva', locale: 'en' },
    agent: { id: 'agent-7', name: 'Kim' },
    channel: 'chat',
    subject: 'Grinder jammed',
    openedAt: new Date(Date.now() - 3_600_000).toISOString(),
    closedAt: new Date().toISOString(),
    ...overrides,
  };
}
