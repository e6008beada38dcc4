import type { Clock } from '../../ports/clock.ts';
import type { SendRateLimiter } from '../../ports/send-rate.ts';
import { sendRateShards } from '../../topology/sizing.ts';
import { ConditionalCheckFailedException, type DocumentClient, UpdateCommand } from '../aws/dynamodb.ts';
import { keys } from './table-design.ts';

/**
 * The SES send rate for the whole account, whatever the number of senders: each email takes a slot in the
 * counter of the current second (a conditional increment below the maximum); when the second is full, the sender
 * waits for the next one. Every admission is a counted write, so the rate is provable after the fact. Costs one
 * write per email (about 1 % of the email's own price). Above 500 emails a second the quota is split over counter
 * shards (`sendRateShards`), each admitting its share, so that no counter item takes more than half of what a
 * DynamoDB partition serves; a sender tries every shard, from a random one, before it waits.
 */
export class DynamoDbSendRateLimiter implements SendRateLimiter {
  private readonly db: DocumentClient;
  private readonly tableName: string;
  private readonly maxPerSecond: number;
  private readonly shards: number;
  private readonly clock: Clock;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    db: DocumentClient,
    tableName: string,
    maxPerSecond: number,
    clock: Clock,
    sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    this.db = db;
    this.tableName = tableName;
    // A fractional rate (0.5/s) becomes one email per second at most: the counter counts whole seconds.
    this.maxPerSecond = Math.max(1, Math.floor(maxPerSecond));
    this.shards = sendRateShards(this.maxPerSecond);
    this.clock = clock;
    this.sleep = sleep;
  }

  /** A shard's share of the second: the quota split as evenly as whole emails allow; the shares sum to it. */
  private share(shard: number): number {
    return Math.floor(this.maxPerSecond / this.shards) + (shard < this.maxPerSecond % this.shards ? 1 : 0);
  }

  async acquire(): Promise<void> {
    for (;;) {
      const nowMs = this.clock.now().getTime();
      const second = Math.floor(nowMs / 1000);
      const first = this.shards === 1 ? 0 : Math.floor(Math.random() * this.shards);
      for (let i = 0; i < this.shards; i++) if (await this.take(second, (first + i) % this.shards)) return;
      // Full: wait for the next second, with a little jitter so waiting senders do not all wake at once.
      await this.sleep((second + 1) * 1000 - nowMs + Math.floor(Math.random() * 20));
    }
  }

  private async take(second: number, shard: number): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.sendRate(second, shard),
          UpdateExpression: 'ADD #count :one SET #ttl = if_not_exists(#ttl, :ttl)',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :max',
          ExpressionAttributeNames: { '#count': 'count', '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':one': 1, ':max': this.share(shard), ':ttl': second + 3600 },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
