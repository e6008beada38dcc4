import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { startRuntimeProcess } from '#local/process.ts';
import { keys } from '#shared/adapters/dynamodb/table-design.ts';
import { parseConfig } from '#shared/config/load.ts';
import { surveyIdFor } from '#shared/domain/survey.ts';
import { sizedWiring } from '#shared/topology/sizing.ts';
import { SEND_QUEUE_CONSUMER, wiring } from '#shared/topology/wiring.ts';
import {
  allEmails,
  credentials,
  eventually,
  type InboxEmail,
  purchaseDetail,
  putPurchases,
  region,
  unique,
} from '../support/runtime.ts';

const runtimes: Awaited<ReturnType<typeof startRuntimeProcess>>[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'closeloop-crash-'));

afterAll(async () => {
  for (const runtime of runtimes) await runtime.stop().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

const until = <T>(check: () => Promise<T | undefined>, what: string) => eventually(check, what, 120_000);

describe('the local runtime killed mid-burst', () => {
  it('loses nothing the bus accepted: after a restart on the same data, every survey is sent', async () => {
    // Prepare: a slow sender (5 a second), so the kill lands in the middle of the burst
    const configFile = join(dataDir, 'config.json');
    const config = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../config/local.json'), 'utf8'));
    const slow = { ...config, sending: { maxPerSecond: 5 } };
    writeFileSync(configFile, JSON.stringify(slow));
    // As many senders as the runtime sizes for this quota (as synth does): each may hold one email at the kill.
    const senders = sizedWiring(wiring, parseConfig(slow, configFile)).consumers.find(
      (consumer) => consumer.id === SEND_QUEUE_CONSUMER,
    )?.queue.maxConcurrency;
    const env = { CLOSELOOP_CONFIG: configFile, CLOSELOOP_RETRY_BASE_MS: '200', CLOSELOOP_SCHEDULE_INTERVAL_MS: '0' };
    const first = await startRuntimeProcess({ dataDir, env, detached: true });
    runtimes.push(first);
    const storeId = unique('store-crash');
    const purchases = Array.from({ length: 40 }, () => purchaseDetail({ storeId }));
    const bus = new EventBridgeClient({ endpoint: first.urls.events, region, credentials });
    await putPurchases(bus, purchases);
    const addresses = new Set(purchases.map((p) => p.customer.email));
    const ours = (emails: InboxEmail[]) => emails.filter((email) => addresses.has(email.destination.to[0] ?? ''));
    await until(
      async () => (ours(await allEmails(first.urls.ses)).length >= 8 ? true : undefined),
      'the burst under way',
    );

    // Act: kill it mid-burst; then start again on the same data folder
    const beforeCrash = ours(await allEmails(first.urls.ses));
    await first.crash();
    expect(beforeCrash.length).toBeLessThan(purchases.length);
    const second = await startRuntimeProcess({ dataDir, env });
    runtimes.push(second);

    // Assess: every survey the bus had accepted ends sent, with the message id SES gave it
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: second.urls.dynamodb, region, credentials }));
    const ids = purchases.map((p) => surveyIdFor('purchase-nps', storeId, { type: 'order', id: p.orderId }));
    const surveys = await until(async () => {
      const items = await Promise.all(
        ids.map(
          async (id) =>
            (await db.send(new GetCommand({ TableName: 'closeloop', Key: keys.survey(id), ConsistentRead: true })))
              .Item,
        ),
      );
      return items.every((item) => item?.status === 'sent') ? items : undefined;
    }, 'every survey sent after the restart');
    expect(new Set(surveys.map((item) => item?.messageId)).size).toBe(purchases.length);
    // Nothing doubled but what was in flight at the kill: the senders, one email each at a time.
    const afterRestart = ours(await allEmails(second.urls.ses));
    const seenBefore = new Set(beforeCrash.map((email) => email.destination.to[0]));
    const again = afterRestart.filter((email) => seenBefore.has(email.destination.to[0]));
    expect(again.length).toBeLessThanOrEqual(senders ?? 0);
    expect(new Set(afterRestart.map((email) => email.destination.to[0])).size).toBe(afterRestart.length);
  }, 300_000);
});
