import { randomBytes } from 'node:crypto';
import type { SourceLog, SourceOutcome, SourceRefusal, SourceStatus } from '../../ports/sources.ts';
import {
  ConditionalCheckFailedException,
  type DocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '../aws/dynamodb.ts';
import { keys } from './table-design.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const OUTCOMES: readonly SourceOutcome[] = ['mapped', 'refused', 'ignored'];
const epochSeconds = (at: Date) => Math.floor(at.getTime() / 1000);
const hourOf = (at: Date) => at.toISOString().slice(0, 13);
const HOUR_MS = 60 * 60 * 1000;
const zero = (): Record<SourceOutcome, number> => ({ mapped: 0, refused: 0, ignored: 0 });

/**
 * What connected sources delivered, in the one table: a counter item per source and hour, the latest delivery,
 * one item per refusal (so the latest are one query), and the delivery ids already taken. Every item expires.
 */
export class DynamoDbSourceLog implements SourceLog {
  private readonly db: DocumentClient;
  private readonly tableName: string;

  constructor(db: DocumentClient, tableName: string) {
    this.db = db;
    this.tableName = tableName;
  }

  async claimDelivery(sourceId: string, deliveryId: string, keepUntil: Date): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.sourceDelivery(sourceId, deliveryId), type: 'SourceDelivery', ttl: epochSeconds(keepUntil) },
          // An expired claim DynamoDB has not deleted yet is no claim.
          ConditionExpression: 'attribute_not_exists(pk) OR #ttl < :now',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':now': epochSeconds(new Date()) },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async releaseDelivery(sourceId: string, deliveryId: string): Promise<void> {
    // Expired at once (the table grants no delete to connectors): the claim's condition reads it as no claim.
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.sourceDelivery(sourceId, deliveryId),
        UpdateExpression: 'SET #ttl = :gone',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':gone': 0 },
      }),
    );
  }

  async record(sourceId: string, outcome: SourceOutcome, at: Date, refusal?: Omit<SourceRefusal, 'at'>): Promise<void> {
    const iso = at.toISOString();
    // Three independent items, written side by side: a delivery's answer waits for one round trip, not three.
    const counter = this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.sourceHour(sourceId, hourOf(at)),
        UpdateExpression: 'ADD #outcome :one SET #type = :type, #ttl = :ttl',
        ExpressionAttributeNames: { '#outcome': outcome, '#type': 'type', '#ttl': 'ttl' },
        // A day past the 30 days the status reads.
        ExpressionAttributeValues: { ':one': 1, ':type': 'SourceHour', ':ttl': epochSeconds(at) + 31 * 86_400 },
      }),
    );
    const latest = this.db
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.sourceLatest(sourceId),
          // Deliveries may be handled out of order: the latest stays the latest.
          UpdateExpression: 'SET #type = :type, lastEventAt = :at, lastOutcome = :outcome',
          ConditionExpression: 'attribute_not_exists(lastEventAt) OR lastEventAt <= :at',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':type': 'SourceLatest', ':at': iso, ':outcome': outcome },
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
    const refused =
      outcome === 'refused' && refusal !== undefined
        ? this.db.send(
            new PutCommand({
              TableName: this.tableName,
              Item: {
                ...keys.sourceRefusal(sourceId, iso, randomBytes(4).toString('hex')),
                type: 'SourceRefusal',
                reason: refusal.reason.slice(0, 1000),
                ...(refusal.what ? { what: refusal.what.slice(0, 200) } : {}),
                ttl: epochSeconds(at) + 30 * 86_400,
              },
            }),
          )
        : undefined;
    await Promise.all([counter, latest, refused]);
  }

  async status(sourceId: string, now: Date): Promise<SourceStatus> {
    const pk = keys.sourceLatest(sourceId).pk;
    const [latest, hours, refusals] = await Promise.all([
      this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.sourceLatest(sourceId) })),
      queryAll(this.db, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': pk,
          ':from': `HOUR#${hourOf(new Date(now.getTime() - 30 * DAY_MS + HOUR_MS))}`,
          ':to': `HOUR#${hourOf(now)}`,
        },
      }),
      this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :refusal)',
          ExpressionAttributeValues: { ':pk': pk, ':refusal': 'REFUSAL#' },
          ScanIndexForward: false,
          Limit: 10,
        }),
      ),
    ]);
    const last30Days = zero();
    const last24Hours = zero();
    // Hour counters: "the last 24 hours" is this hour and the 23 before it (UTC), to the hour.
    const since = `HOUR#${hourOf(new Date(now.getTime() - 23 * HOUR_MS))}`;
    for (const item of hours)
      for (const outcome of OUTCOMES) {
        const count = Number(item[outcome] ?? 0);
        last30Days[outcome] += count;
        if (String(item.sk) >= since) last24Hours[outcome] += count;
      }
    return {
      lastEventAt: latest.Item?.lastEventAt as string | undefined,
      lastOutcome: latest.Item?.lastOutcome as SourceOutcome | undefined,
      last24Hours,
      last30Days,
      latestRefusals: (refusals.Items ?? []).map((item) => ({
        at: String(item.sk).split('#')[1] ?? '',
        reason: String(item.reason),
        ...(item.what ? { what: String(item.what) } : {}),
      })),
    };
  }
}

/** Every item of a query, page after page (30 days of hours is at most 720 small items). */
async function queryAll(db: DocumentClient, input: ConstructorParameters<typeof QueryCommand>[0]) {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}
