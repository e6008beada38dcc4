import { describe, expect, it } from 'vitest';
import { createTable } from '#local/dynamodb.ts';
import { directDocumentClient } from '#local/table-model/direct-client.ts';
import { memoryDocumentClient } from '#local/table-model/sdk-handler.ts';
import { QueryCommand } from '#shared/adapters/aws/dynamodb.ts';
import { DynamoDbSendRateLimiter } from '#shared/adapters/dynamodb/send-rate-limiter.ts';
import { keys } from '#shared/adapters/dynamodb/table-design.ts';
import { parseConfig } from '#shared/config/load.ts';
import {
  consumerConcurrency,
  dueShards,
  KEY_WRITE_BUDGET,
  SCHEDULE_CONSUMER,
  SECONDS_PER_EVENT,
  sendConcurrency,
  sendRateShards,
  sweepLimit,
} from '#shared/topology/sizing.ts';
import { Pacer } from '#shared/use-cases/pacing.ts';
import { VirtualTime } from '../../bench/scale/virtual-time.ts';
import { ManualClock } from '../support/fakes.ts';
import { rateCounters } from '../support/send-rate.ts';

const config = (raw: Record<string, unknown>) =>
  parseConfig({ stores: { '*': { brandName: 'Acme', sender: { email: 'a@acme.example' } } }, ...raw }, 'test');

describe('what the configured volume sizes', () => {
  it('gives the senders enough concurrency for the SES quota at the measured time per send', () => {
    for (const maxPerSecond of [1, 14, 100, 500, 2000]) {
      const { sending } = config({ sending: { maxPerSecond } });
      const senders = sendConcurrency(sending);
      expect(senders / sending.secondsPerSend).toBeGreaterThanOrEqual(maxPerSecond);
      expect(senders).toBeGreaterThanOrEqual(2);
    }
    expect(sendConcurrency(config({}).sending)).toBe(3); // the default 14/s: today's 2 senders capped it at ~13/s
  });

  it('splits the due index and the rate counter so that no key is planned above half a partition', () => {
    expect(dueShards(config({}).scale)).toBe(4);
    expect(dueShards(config({ scale: { peakSurveysPerSecond: 231 } }).scale)).toBe(4);
    const tenMillion = config({ scale: { peakSurveysPerSecond: 2315 } }).scale;
    expect((2315 * 5) / dueShards(tenMillion)).toBeLessThanOrEqual(KEY_WRITE_BUDGET);
    expect(sendRateShards(14)).toBe(1);
    expect(sendRateShards(500)).toBe(1);
    expect(sendRateShards(1200)).toBe(3);
  });

  it('gives the store events enough schedulers for the configured peak, never fewer than wired', () => {
    expect(consumerConcurrency(SCHEDULE_CONSUMER, 5, config({}))).toBe(5);
    for (const peakSurveysPerSecond of [231, 2315]) {
      const schedulers = consumerConcurrency(SCHEDULE_CONSUMER, 5, config({ scale: { peakSurveysPerSecond } }));
      expect(schedulers / SECONDS_PER_EVENT).toBeGreaterThanOrEqual(peakSurveysPerSecond);
    }
  });

  it('sweeps at least a minute of sending at the quota', () => {
    expect(sweepLimit(config({}))).toBe(5000);
    expect(sweepLimit(config({ sending: { maxPerSecond: 200 } }))).toBe(15_000);
  });
});

describe('the send-rate counter, sharded above 500 a second', () => {
  it('admits exactly the quota in one second across its shards, none above its share, then waits', async () => {
    const model = memoryDocumentClient();
    await createTable(model.client, 't');
    const db = directDocumentClient(model.db);
    const clock = new ManualClock('2026-11-27T10:00:00.000Z');
    const waits: number[] = [];
    const limiter = new DynamoDbSendRateLimiter(db, 't', 1200, clock, async (ms) => {
      waits.push(ms);
      clock.advance(ms);
    });
    for (let i = 0; i < 1200; i++) await limiter.acquire();
    expect(waits).toEqual([]);
    const second = Math.floor(clock.now().getTime() / 1000);
    const counts = await Promise.all(
      [0, 1, 2].map(async (shard) => {
        const { Items = [] } = await db.send(
          new QueryCommand({
            TableName: 't',
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': keys.sendRate(second, shard).pk },
          }),
        );
        return Items.reduce((sum, item) => sum + Number(item.count), 0);
      }),
    );
    expect(counts).toEqual([400, 400, 400]);
    await limiter.acquire();
    expect(waits).toHaveLength(1);
    expect(Math.floor(clock.now().getTime() / 1000)).toBe(second + 1);
  });
});

describe('the send-rate counter, taking slots ahead', () => {
  it('takes one slot at a time while the quota binds, so that no slot a sender holds lapses unused', async () => {
    const model = memoryDocumentClient();
    await createTable(model.client, 't');
    const db = directDocumentClient(model.db);
    const time = new VirtualTime(Date.parse('2026-11-27T10:00:00.000Z'));
    const admitted = new Map<number, number>();
    // Two senders, each with its own limiter as each Lambda instance has, on a quota of 8 a second that they
    // outrun together: one steady (100 ms an email), one that pauses 600 ms after every third email (a skipped
    // survey, a slow answer from SES), in which slots taken ahead would lapse while the other waits for one.
    const sender = async (gapMs: (i: number) => number) => {
      const limiter = new DynamoDbSendRateLimiter(db, 't', 8, time, time.sleep);
      await time.sleep(0);
      for (let i = 0; time.ms < Date.parse('2026-11-27T10:00:20.000Z'); i++) {
        await limiter.acquire();
        const second = Math.floor(time.ms / 1000);
        admitted.set(second, (admitted.get(second) ?? 0) + 1);
        await time.sleep(gapMs(i));
      }
    };
    const senders = [sender(() => 100), sender((i) => (i % 3 === 2 ? 600 : 50))];
    await time.run(Date.parse('2026-11-27T10:00:25.000Z'));
    await Promise.all(senders);
    const counted = await rateCounters(db, 't');
    // After the first seconds (the senders' pace unknown, then the quota found binding), every second sends its
    // eight: every slot counted went to an email.
    const seconds = [...admitted.keys()].sort((a, b) => a - b).slice(3, -1);
    expect(seconds.length).toBeGreaterThanOrEqual(15);
    for (const second of seconds) {
      expect(counted.get(second), `second ${second}`).toBe(8);
      expect(admitted.get(second), `second ${second}`).toBe(8);
    }
  });
});

describe('the sweep pacer', () => {
  it('holds a run of writes to its rate, and lets a slow run through without waiting', async () => {
    const clock = new ManualClock('2026-11-27T10:00:00.000Z');
    const waits: number[] = [];
    const pacer = new Pacer(2000, clock, async (ms) => {
      waits.push(ms);
      clock.advance(ms);
    });
    for (let page = 0; page < 5; page++) await pacer.admit(100);
    // 100 writes at 2,000 a second: each page after the first waits 50 ms from the run's start.
    expect(waits).toEqual([50, 50, 50, 50]);
    clock.advance(1000);
    await pacer.admit(100);
    expect(waits).toHaveLength(4);
  });
});
