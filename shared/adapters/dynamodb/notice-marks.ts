import type { NoticeMarks } from '../../ports/notice-marks.ts';
import { ConditionalCheckFailedException, type DocumentClient, PutCommand, UpdateCommand } from '../aws/dynamodb.ts';
import { keys } from './table-design.ts';

/** How long a mark is kept: long past the week it is about. */
const KEEP_S = 90 * 86_400;

/** One item per notice (`NOTICE#{key}`): `sending` under a lease, then `sent`; expired by TTL after 90 days. */
export class DynamoDbNoticeMarks implements NoticeMarks {
  private readonly db: DocumentClient;
  private readonly tableName: string;

  constructor(db: DocumentClient, tableName: string) {
    this.db = db;
    this.tableName = tableName;
  }

  async claim(key: string, now: Date, leaseMs: number): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.notice(key),
            type: 'Notice',
            status: 'sending',
            leaseUntil: now.getTime() + leaseMs,
            ttl: Math.floor(now.getTime() / 1000) + KEEP_S,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR (#status = :sending AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending', ':now': now.getTime() },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async sent(key: string, at: Date): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.notice(key),
        UpdateExpression: 'SET #status = :sent, sentAt = :at REMOVE leaseUntil',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent', ':at': at.toISOString() },
      }),
    );
  }
}
