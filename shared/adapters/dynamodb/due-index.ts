import { onIndex } from '../../topology/table.ts';
import { type DocumentClient, QueryCommand } from '../aws/dynamodb.ts';

/**
 * The due-time index (gsi2) keys up to `asOf`, oldest first, across the `shards` partitions of one kind (`DUE` for
 * survey emails, `CASEDUE` for case deadlines): at most `limit`.
 */
export async function dueKeys(
  db: DocumentClient,
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
