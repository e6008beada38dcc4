import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RuntimeUrls } from '../local/process.ts';
import { wiring } from '../shared/topology/wiring.ts';
import type { SeenEmail, SesInbox } from './inbox.ts';
import { percentile, pool, round } from './stats.ts';

const region = 'us-east-1';
const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };
const sender = wiring.consumers.find((c) => c.id === 'SendSurvey');
if (sender === undefined) throw new Error('the wiring has no SendSurvey consumer');
/** What the pipeline can have in flight at most at its narrowest hop (the sender): invocations × batch. */
export const PIPELINE_IN_FLIGHT = sender.queue.maxConcurrency * sender.queue.batchSize;

/**
 * The configuration a benchmark's runtime starts with: `config/local.json` of the tree at `root`, with the send rate
 * lifted to what a production SES account allows, so that a burst measures the pipeline rather than the limiter
 * (which the tests count). Written into `dir`; returns its path.
 */
export function writeBenchConfig(root: string, dir: string): string {
  const file = join(dir, 'bench-config.json');
  const config = JSON.parse(readFileSync(join(root, 'config/local.json'), 'utf8'));
  writeFileSync(file, JSON.stringify({ ...config, sending: { maxPerSecond: 1000 } }));
  return file;
}

/** A store's `Purchase Completed` detail; `runId` keeps each run's orders and customers its own. */
export function purchase(runId: string, i: number, prefix = 'c') {
  return {
    orderId: `bench-${runId}-${prefix}${i}`,
    storeId: 'store-berlin',
    customer: {
      id: `cus-${runId}-${prefix}${i}`,
      email: `${prefix}${i}.${runId}@bench.example`,
      name: 'Ana Silva',
      locale: 'en',
    },
    total: 42.5,
    currency: 'EUR',
    items: [{ sku: 'beans', quantity: 1 }],
    occurredAt: new Date().toISOString(),
  };
}

/** Puts `count` purchases on the bus as a store would: PutEvents with ten entries, a few requests in flight. */
async function putPurchases(urls: RuntimeUrls, runId: string, from: number, count: number) {
  const eventBridge = new EventBridgeClient({ endpoint: urls.events, region, credentials });
  const batches = Array.from({ length: Math.ceil(count / 10) }, (_, b) =>
    Array.from({ length: Math.min(10, count - b * 10) }, (_, k) => purchase(runId, from + b * 10 + k)),
  );
  await pool(batches, 4, async (batch) => {
    const result = await eventBridge.send(
      new PutEventsCommand({
        Entries: batch.map((detail) => ({
          EventBusName: wiring.busName,
          Source: 'bench.store',
          DetailType: 'Purchase Completed',
          Detail: JSON.stringify(detail),
        })),
      }),
    );
    if (result.FailedEntryCount) throw new Error(`${result.FailedEntryCount} entries failed`);
  });
}

/**
 * Pipeline throughput: a burst of purchases put on the bus, timed until SES local has accepted every survey email,
 * beside the floor measured in the same run: for each survey the bare emulator calls it needs at least (one
 * DynamoDB write, one SES send of the same email), with no closeloop code, as many in flight as the pipeline.
 */
export async function measurePipeline(options: { urls: RuntimeUrls; inbox: SesInbox; surveys: number }) {
  const { urls, inbox } = options;
  const runId = randomUUID().slice(0, 8);
  const mine = (email: SeenEmail) => email.to.endsWith(`.${runId}@bench.example`);

  // Warm up: every function instance started, every client connected, as the floor's are.
  const warmUp = PIPELINE_IN_FLIGHT;
  await putPurchases(urls, runId, 0, warmUp);
  await inbox.waitFor(mine, warmUp, 120_000);

  const started = performance.now();
  await putPurchases(urls, runId, warmUp, options.surveys);
  const finished = await inbox.waitFor(mine, warmUp + options.surveys, 600_000);
  const pipelineSeconds = (finished - started) / 1000;

  const sample = [...inbox.emails.values()].find(mine);
  if (sample === undefined) throw new Error('no survey email to copy for the floor');
  const floor = await measureFloor(urls, sample, options.surveys, runId);

  const pipelinePerSecond = options.surveys / pipelineSeconds;
  const floorPerSecond = options.surveys / floor.bothSeconds;
  return {
    surveys: options.surveys,
    inFlight: PIPELINE_IN_FLIGHT,
    pipelineSeconds: round(pipelineSeconds, 2),
    pipelinePerSecond: round(pipelinePerSecond),
    floorSeconds: round(floor.bothSeconds, 2),
    floorPerSecond: round(floorPerSecond),
    ratio: round(pipelinePerSecond / floorPerSecond, 2),
    // The floor's two parts alone, at the same concurrency: which emulator bounds the pipeline.
    dynamoDbWritesPerSecond: round(options.surveys / floor.writeSeconds),
    sesSendsPerSecond: round(options.surveys / floor.sendSeconds),
    tokens: [...inbox.emails.values()].filter(mine).map((email) => email.token),
  };
}

async function measureFloor(urls: RuntimeUrls, email: SeenEmail, count: number, runId: string) {
  const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: urls.dynamodb, region, credentials }));
  const ses = new SESv2Client({ endpoint: urls.ses, region, credentials });
  const write = (i: string) =>
    dynamo.send(
      new PutCommand({
        TableName: 'closeloop',
        Item: { pk: `BENCH#${runId}#${i}`, sk: 'FLOOR', email: email.to, subject: email.subject },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  const send = (i: string) =>
    ses.send(
      new SendEmailCommand({
        FromEmailAddress: email.from,
        Destination: { ToAddresses: [`floor${i}.${runId}@bench.example`] },
        Content: {
          Simple: {
            Subject: { Data: email.subject },
            Body: { Html: { Data: email.html }, Text: { Data: email.text } },
          },
        },
      }),
    );
  const timed = async (name: string, one: (i: string) => Promise<unknown>) => {
    const warm = Array.from({ length: PIPELINE_IN_FLIGHT }, (_, i) => `${name}-warm-${i}`);
    await pool(warm, PIPELINE_IN_FLIGHT, one);
    const started = performance.now();
    await pool(
      Array.from({ length: count }, (_, i) => `${name}-${i}`),
      PIPELINE_IN_FLIGHT,
      one,
    );
    return (performance.now() - started) / 1000;
  };
  return {
    bothSeconds: await timed('both', async (i) => {
      await write(i);
      await send(i);
    }),
    writeSeconds: await timed('write', write),
    sendSeconds: await timed('send', send),
  };
}

/** Answer latency: POST /s/{token} with a score, `requests` at each concurrency level, each on its own survey. */
export async function measureAnswerLatency(options: {
  urls: RuntimeUrls;
  tokens: readonly string[];
  levels: readonly { concurrency: number; requests: number }[];
}) {
  const tokens = [...options.tokens];
  const results = [];
  for (const level of options.levels) {
    const warm = tokens.splice(0, level.concurrency);
    const batch = tokens.splice(0, level.requests);
    if (batch.length < level.requests) throw new Error(`not enough surveys for ${level.requests} answers`);
    // As many answers as the level has in flight, unmeasured: every function instance it needs is started.
    await pool(warm, level.concurrency, (token) => answer(options.urls, token));
    const timings = await pool(batch, level.concurrency, async (token) => {
      const started = performance.now();
      await answer(options.urls, token);
      return performance.now() - started;
    });
    results.push({
      concurrency: level.concurrency,
      requests: level.requests,
      p50Ms: round(percentile(timings, 50)),
      p99Ms: round(percentile(timings, 99)),
      maxMs: round(Math.max(...timings)),
    });
  }
  return results;
}

async function answer(urls: RuntimeUrls, token: string) {
  const response = await fetch(`${urls.http}/s/${token}`, {
    method: 'POST',
    body: new URLSearchParams({ score: '9', comment: 'Quick and friendly.' }),
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`answer got ${response.status}`);
}
