import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RuntimeUrls, startRuntimeProcess } from '#local/process.ts';
import { keys } from '#shared/adapters/dynamodb/table-design.ts';
import {
  allEmails,
  credentials,
  eventually,
  purchaseDetail,
  putPurchases,
  quiet,
  region,
  unique,
} from '../support/runtime.ts';
import { postForm } from '../support/surveys.ts';

/**
 * Faults injected where they happen in AWS, at the services' boundary, on a runtime of this file's own (the
 * shared one keeps its timing for the other tests): SES throttling and 5xx on a share of sends, DynamoDB
 * throttling, and DynamoDB writes that are applied but whose answer is lost.
 */
let runtime: Awaited<ReturnType<typeof startRuntimeProcess>>;
let urls: RuntimeUrls;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'closeloop-faults-'));
  const configFile = join(dataDir, 'config.json');
  const config = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../config/local.json'), 'utf8'));
  writeFileSync(configFile, JSON.stringify({ ...config, sending: { maxPerSecond: 200 } }));
  runtime = await startRuntimeProcess({
    dataDir,
    env: {
      CLOSELOOP_CONFIG: configFile,
      CLOSELOOP_RETRY_BASE_MS: '100',
      CLOSELOOP_SCHEDULE_INTERVAL_MS: '0',
      // The functions' errors are logged, so that a refusal below shows its cause.
      CLOSELOOP_LOG_LEVEL: 'ERROR',
    },
  });
  urls = runtime.urls;
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function setFaults(service: 'ses' | 'dynamodb', rules: unknown[]) {
  const response = await fetch(
    `${urls.events}/faults?service=${service}&rules=${encodeURIComponent(JSON.stringify(rules))}`,
    {
      method: 'POST',
    },
  );
  expect(response.status).toBe(200);
}

const injected = async () =>
  (await (await fetch(`${urls.events}/faults`)).json()) as Record<'ses' | 'dynamodb', Record<string, number>>;

const emails = () => allEmails(urls.ses);

/** The answer page a survey email's first link opens, on this runtime's HTTP API. */
function answerLink(email: { body: { html?: string } }) {
  const href = /href="([^"]+)"/.exec(email.body.html ?? '')?.[1]?.replaceAll('&amp;', '&') ?? '';
  return `${urls.http}${new URL(href).pathname}`;
}

/** A store's answer counters of today, as the reports read them. */
async function todaysCounters(storeId: string) {
  const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: urls.dynamodb, region, credentials }));
  const key = keys.aggregate(storeId, 'purchase-nps', new Date().toISOString().slice(0, 10));
  return (await db.send(new GetCommand({ TableName: 'closeloop', Key: key, ConsistentRead: true }))).Item;
}
const until = <T>(check: () => Promise<T | undefined>, what: string) => eventually(check, what, 90_000);

describe('faults injected at the service boundary', () => {
  it('sends every survey exactly once, and counts every answer once, through throttling, 5xx and lost responses', async () => {
    // Prepare
    await setFaults('ses', [
      { kind: 'throttle', every: 3, operation: 'SendEmail' },
      { kind: 'error', every: 5, operation: 'SendEmail' },
    ]);
    await setFaults('dynamodb', [
      { kind: 'lost-response', every: 4, operation: 'TransactWriteItems' },
      { kind: 'lost-response', every: 7, operation: 'UpdateItem' },
      { kind: 'throttle', every: 6, operation: 'GetItem' },
      { kind: 'error', every: 11, operation: 'PutItem' },
    ]);
    const bus = new EventBridgeClient({ endpoint: urls.events, region, credentials });
    const storeId = unique('store-faults');
    const purchases = Array.from({ length: 30 }, () => purchaseDetail({ storeId }));

    // Act: a burst of purchases, ten per PutEvents
    await putPurchases(bus, purchases);

    // Assess: every customer got exactly one survey email
    const addresses = new Set(purchases.map((p) => p.customer.email));
    const sent = await until(async () => {
      const ours = (await emails()).filter((email) => addresses.has(email.destination.to[0] ?? ''));
      return new Set(ours.map((email) => email.destination.to[0])).size === purchases.length ? ours : undefined;
    }, 'a survey email to every customer');
    // When every customer had an email, none had two; and once this runtime's queues are empty none gets another.
    expect(sent.length).toBe(purchases.length);
    await quiet([], { eventsUrl: urls.events, timeoutMs: 90_000 });
    const settled = (await emails()).filter((email) => addresses.has(email.destination.to[0] ?? ''));
    expect(settled.length).toBe(purchases.length);

    // Act: every customer answers through the same faults
    const links = settled.map(answerLink);
    const answerOf = (link: string, i: number) => postForm(link, { score: String(i % 11) });
    const answers = await Promise.all(links.map(answerOf));

    // Assess: each answer recorded and counted once. A fault can outlast the AWS client's five attempts (when three
    // other transactions fall between each of one answer's, all five of its replies are lost): the customer then gets
    // the "try again" page, and trying again finds the answer recorded (next test). Any other refusal is a bug, shown
    // with what the functions logged.
    const refused = answers.flatMap((answer, i) => (answer.status === 200 ? [] : [i]));
    const failures = runtime
      .output()
      .split('\n')
      .filter((line) => line.includes('"level":"ERROR"') && line.includes('"message":"Request failed"'));
    expect(
      answers.filter((answer) => answer.status !== 200 && answer.status !== 500).map((answer) => answer.status),
    ).toEqual([]);
    expect(failures.filter((line) => !line.includes('(injected)')).map((line) => line.slice(0, 2000))).toEqual([]);
    expect(failures.length).toBeGreaterThanOrEqual(refused.length);
    const retried = await Promise.all(refused.map((i) => answerOf(links[i] ?? '', i)));
    expect(retried.map((answer) => answer.status)).toEqual(refused.map(() => 200));
    const counters = await todaysCounters(storeId);
    expect(counters).toMatchObject({ responses: purchases.length, sent: purchases.length, answered: purchases.length });
    // every fault actually happened
    const counts = await injected();
    expect(Object.keys(counts.ses).sort()).toEqual(['error SendEmail', 'throttle SendEmail']);
    for (const fault of ['lost-response TransactWriteItems', 'lost-response UpdateItem', 'throttle GetItem'])
      expect(counts.dynamodb[fault], fault).toBeGreaterThan(0);
    await fetch(`${urls.events}/faults`, { method: 'DELETE' });
  });
  it('asks the customer to try again when every reply to the answer is lost, and counts it once when they do', async () => {
    // Prepare: a survey email, sent without faults
    const bus = new EventBridgeClient({ endpoint: urls.events, region, credentials });
    const storeId = unique('store-lost-answer');
    const purchase = purchaseDetail({ storeId });
    await putPurchases(bus, [purchase]);
    const email = await until(
      async () => (await emails()).find((sent) => sent.destination.to[0] === purchase.customer.email),
      'the survey email',
    );
    const link = answerLink(email);
    const counted = async () => (await todaysCounters(storeId))?.responses;

    // Act: the answer's transaction is applied, and every reply to it lost, all five attempts
    await setFaults('dynamodb', [{ kind: 'lost-response', every: 1, operation: 'TransactWriteItems' }]);
    const first = await postForm(link, { score: '3' });
    await fetch(`${urls.events}/faults`, { method: 'DELETE' });

    // Assess: the customer is told to try again; the answer is in, counted once
    expect(first.status).toBe(500);
    expect(await first.text()).toContain('Please try again in a moment.');
    expect(await counted()).toBe(1);
    // What the burst above tells from a bug: the function logged the service's (injected) failure.
    expect(runtime.output()).toMatch(/"level":"ERROR","message":"Request failed".*\(injected\)/);

    // Act: they try again
    const again = await postForm(link, { score: '3' });

    // Assess: recorded, still once
    expect(again.status).toBe(200);
    expect(await counted()).toBe(1);
  });

  it('dead-letters what SES refuses for good with its reason, and sends it exactly once when redriven', async () => {
    // Prepare: SES rejects every send (an unverified sender, say)
    await setFaults('ses', [{ kind: 'reject', every: 1, operation: 'SendEmail' }]);
    const bus = new EventBridgeClient({ endpoint: urls.events, region, credentials });
    const purchase = purchaseDetail({ storeId: unique('store-rejected') });
    const sqs = new SQSClient({ endpoint: urls.events, region, credentials });
    const queueUrl = (await sqs.send(new GetQueueUrlCommand({ QueueName: 'send-survey-dlq' }))).QueueUrl;

    // Act
    await bus.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: 'closeloop',
            Source: 'acme.webshop',
            DetailType: 'Purchase Completed',
            Detail: JSON.stringify(purchase),
          },
        ],
      }),
    );

    // Assess: dead-lettered at once with SES's reason, nothing sent
    const letter = await until(async () => {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 0,
          MessageAttributeNames: ['All'],
        }),
      );
      return Messages.find((message) => message.MessageAttributes?.reason?.StringValue?.includes('MessageRejected'));
    }, 'the dead letter');
    expect(letter.MessageAttributes?.errorName?.StringValue).toBe('EmailRejected');
    expect((await emails()).filter((email) => email.destination.to[0] === purchase.customer.email)).toEqual([]);

    // Act: the cause fixed, the documented redrive (aws sqs start-message-move-task --source-arn <dlq-arn>)
    await fetch(`${urls.events}/faults`, { method: 'DELETE' });
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
    );
    await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: Attributes?.QueueArn }));

    // Assess: sent, once
    await until(async () => {
      const sent = (await emails()).filter((email) => email.destination.to[0] === purchase.customer.email);
      return sent.length > 0 ? sent : undefined;
    }, 'the redriven survey');
    await quiet([], { eventsUrl: urls.events });
    expect((await emails()).filter((email) => email.destination.to[0] === purchase.customer.email)).toHaveLength(1);
  });
});
