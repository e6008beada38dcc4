import { emailHash } from '../../domain/unsubscribe-token.ts';
import type { SuppressionList, SuppressionReason } from '../../ports/suppression-list.ts';
import { ConditionalCheckFailedException, type DocumentClient, GetCommand, PutCommand } from '../aws/dynamodb.ts';
import { keys } from './table-design.ts';

export class DynamoDbSuppressionList implements SuppressionList {
  private readonly db: DocumentClient;
  private readonly tableName: string;

  constructor(db: DocumentClient, tableName: string) {
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
    await this.suppressHash(emailHash(email), reason, at);
  }

  /** The first reason stays: an address that complained and then unsubscribes is still one that complained. */
  async suppressHash(hash: string, reason: SuppressionReason, at: string): Promise<'suppressed' | 'already'> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.suppression(hash), type: 'Suppression', reason, at },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'suppressed';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'already';
      throw error;
    }
  }
}
