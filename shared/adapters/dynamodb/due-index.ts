import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { onIndex } from '../../topology/table.ts';

/**
 * The due-time index (gsi2) keys up to `asOf`, oldest first, across the `shards` partitions of one kind (`DUE` for
 * survey emails, `CASEDUE` for case deadlines): at most `limit`.
 */
export async function dueKeys(
  db: DynamoDBDocumentClient,
  tableName: string,
  kind: 'DUE' | 'CASEDUE',
  asOf: Date,
  limit: number,
  shards: number,
): Promise<string[]> {
  const upTo = `${asOf.toISOString()}#~`;
  const perShard = await Promise.all(
    Array.from({ length: shards }, async (_, shard) => {
      const { Items = [] } = await db.send(
        new QueryCommand({
          TableName: tableName,
          ...onIndex('due', { upTo: ':upTo' }),
          ExpressionAttributeValues: { ':pk': `${kind}#${shard}`, ':upTo': upTo },
          ProjectionExpression: 'gsi2sk',
          Limit: limit,
        }),
      );
      return Items.map((item) => String(item.gsi2sk));
    }),
  );
  return perShard
    .flat()
    .sort((a, b) => a.localeCompare(b))
    .slice(0, limit);
}
