import { type DocumentClient, QueryCommand } from '#shared/adapters/aws/dynamodb.ts';
import { keys } from '#shared/adapters/dynamodb/table-design.ts';

/** The send-rate counters of a table (one shard, below 500 a second): slots taken, by second. */
export async function rateCounters(db: DocumentClient, tableName: string): Promise<Map<number, number>> {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.sendRate(0).pk },
    }),
  );
  return new Map(Items.map((item) => [Number(String(item.sk).replace('SEC#', '')), Number(item.count)]));
}
