import type { Clock } from '../../ports/clock.ts';
import type { SendRateLimiter } from '../../ports/send-rate.ts';
import { sendRateShards } from '../../topology/sizing.ts';
import { ConditionalCheckFailedException, type DocumentClient, UpdateCommand } from '../aws/dynamodb.ts';
import { keys } from './table-design.ts';

/** The most slots a sender claims in one write: about what one sends in a second. */
const MOST_SLOTS_PER_CLAIM = 10;

/**
 * The SES send rate for the whole account, whatever the number of senders: each second has a counter of the slots
 * taken in it, and a sender takes slots with a conditional increment that stays within the maximum; when the second
 * is full, it waits for the next one. The counters are an upper bound of what was sent, second by second, so the
 * rate is provable after the fact. A sender takes the slots it will use in the rest of the second in one write (as
 * many as its own time per email leaves room for, at most `MOST_SLOTS_PER_CLAIM`): a steady sender pays one write
 * a second rather than one per email. A sender that has just started (or has been idle), or that last found its
 * second more than half taken, takes one slot at a time: slots a sender holds at the end of their second lapse
 * unused, which costs nothing while the quota has room and would cost emails while it binds. Above 500 emails a
 * second the quota is split over counter shards (`sendRateShards`), each admitting its share, so that no counter
 * item takes more than half of what a DynamoDB partition serves; a sender tries every shard, from a random one,
 * before it waits.
 */
export class DynamoDbSendRateLimiter implements SendRateLimiter {
  private readonly db: DocumentClient;
  private readonly tableName: string;
  private readonly maxPerSecond: number;
  private readonly shards: number;
  private readonly clock: Clock;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Where the shards are tried from and the wait's jitter: `Math.random`, or a seeded one for a replay. */
  private readonly random: () => number;
  /** Slots of one second this sender took and has not used yet. */
  private held = { second: Number.NaN, left: 0 };
  /** When the last admission returned to the caller, and the caller's usual time between two (a moving average). */
  private lastReturnMs: number | undefined;
  private workMs: number | undefined;
  /**
   * Signs that the quota binds: how full the last counter this sender wrote was, and the last second it found full.
   * While it binds (a second more than half taken, or a full one in the last two), a sender takes one slot at a
   * time, as a slot it held and did not use (its next survey skipped, its email slower) would be a slot lost to
   * every sender waiting for one.
   */
  private lastFill = 0;
  private lastFullSecond = Number.NEGATIVE_INFINITY;

  constructor(
    db: DocumentClient,
    tableName: string,
    maxPerSecond: number,
    clock: Clock,
    sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: () => number = Math.random,
  ) {
    this.db = db;
    this.tableName = tableName;
    // A fractional rate (0.5/s) becomes one email per second at most: the counter counts whole seconds.
    this.maxPerSecond = Math.max(1, Math.floor(maxPerSecond));
    this.shards = sendRateShards(this.maxPerSecond);
    this.clock = clock;
    this.sleep = sleep;
    this.random = random;
  }

  /** A shard's share of the second: the quota split as evenly as whole emails allow; the shares sum to it. */
  private share(shard: number): number {
    return Math.floor(this.maxPerSecond / this.shards) + (shard < this.maxPerSecond % this.shards ? 1 : 0);
  }

  async acquire(): Promise<void> {
    this.noteWork(this.clock.now().getTime());
    for (;;) {
      const nowMs = this.clock.now().getTime();
      const second = Math.floor(nowMs / 1000);
      if (this.held.second === second && this.held.left > 0) {
        this.held.left--;
        return this.admitted();
      }
      const wanted = this.slotsWanted(nowMs);
      const first = this.shards === 1 ? 0 : Math.floor(this.random() * this.shards);
      for (let i = 0; i < this.shards; i++) {
        const taken = await this.take(second, (first + i) % this.shards, wanted);
        if (taken > 0) {
          this.held = { second, left: taken - 1 };
          return this.admitted();
        }
      }
      // Full: wait for the next second, with a little jitter so waiting senders do not all wake at once.
      await this.sleep((second + 1) * 1000 - nowMs + Math.floor(this.random() * 20));
    }
  }

  /** The caller's time between its last email and this one; a gap of a second or more means it was idle. */
  private noteWork(nowMs: number): void {
    if (this.lastReturnMs === undefined) return;
    const gap = nowMs - this.lastReturnMs;
    this.workMs = gap >= 1000 ? undefined : this.workMs === undefined ? gap : (3 * this.workMs + gap) / 4;
  }

  private admitted(): void {
    this.lastReturnMs = this.clock.now().getTime();
  }

  /** As many slots as the caller's pace will use before this second ends: one until its pace is known. */
  private slotsWanted(nowMs: number): number {
    const binding = this.lastFill > 0.5 || Math.floor(nowMs / 1000) - this.lastFullSecond <= 2;
    if (this.workMs === undefined || binding) return 1;
    const fits = Math.floor((1000 - (nowMs % 1000)) / Math.max(1, this.workMs));
    return Math.max(1, Math.min(MOST_SLOTS_PER_CLAIM, fits));
  }

  /** Takes up to `wanted` slots of a shard's second, as many as are left: how many it took (0 when full). */
  private async take(second: number, shard: number, wanted: number): Promise<number> {
    let slots = Math.min(wanted, this.share(shard));
    for (;;) {
      try {
        const { Attributes } = await this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keys.sendRate(second, shard),
            UpdateExpression: 'ADD #count :slots SET #ttl = if_not_exists(#ttl, :ttl)',
            ConditionExpression: 'attribute_not_exists(#count) OR #count <= :room',
            ExpressionAttributeNames: { '#count': 'count', '#ttl': 'ttl' },
            ExpressionAttributeValues: { ':slots': slots, ':room': this.share(shard) - slots, ':ttl': second + 3600 },
            ReturnValues: 'UPDATED_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        this.lastFill = Number(Attributes?.count ?? this.share(shard)) / this.share(shard);
        return slots;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        this.lastFullSecond = second;
        // Fewer left than wanted: take what is left, if anything.
        const left = this.share(shard) - Number(error.Item?.count?.N ?? this.share(shard));
        if (left <= 0 || left >= slots) return 0;
        slots = left;
      }
    }
  }
}
