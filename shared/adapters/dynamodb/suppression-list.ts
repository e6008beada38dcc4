import { createHash } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SuppressionList, SuppressionReason } from '../../ports/suppression-list.ts';
import { keys } from './table-design.ts';

/** Suppressions are keyed by a hash of the lowercased address: erasing a customer can keep the suppression. */
export const emailHash = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

export class DynamoDbSuppressionList implements SuppressionList {
  private readonly db: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(db: DynamoDBDocumentClient, tableName: string) {
    this.db = db;
    this.tableName = tableName;
  }

  async reasonFor(email: string): Promise<SuppressionReason | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.suppression(emailHash(email)), ConsistentRead: true }),
    );
    return Item?.reason as SuppressionReason | undefined;
  }

  async suppress(email: string, reason: SuppressionReason, at: string): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.suppression(emailHash(email)), type: 'Suppression', reason, at },
      }),
    );
  }
}
