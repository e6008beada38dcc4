import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { addMissingIndexes, createTableRequest } from '#local/dynamodb.ts';
import { tableDesign } from '#shared/topology/table.ts';
import { credentials, localClients, region, unique } from '../support/runtime.ts';

const { urls } = localClients();
const client = new DynamoDBClient({ endpoint: urls.dynamodb, region, credentials });

describe('a local table kept from an earlier revision', () => {
  it('gains the indexes it lacks when the runtime starts on it, and keeps those it has', async () => {
    // Prepare: the table as a revision with only the first four indexes made it
    const tableName = unique('upgrade');
    const full = createTableRequest(tableName);
    const earlier = full.GlobalSecondaryIndexes.slice(0, 4);
    const keyNames = new Set(['pk', 'sk', ...earlier.flatMap((index) => index.KeySchema.map((k) => k.AttributeName))]);
    await client.send(
      new CreateTableCommand({
        ...full,
        GlobalSecondaryIndexes: earlier,
        AttributeDefinitions: full.AttributeDefinitions.filter((a) => keyNames.has(a.AttributeName)),
      }),
    );

    // Act
    const added = await addMissingIndexes(client, tableName);
    const again = await addMissingIndexes(client, tableName);

    // Assess: the rest added, with their projections; nothing the second time
    const wanted = tableDesign.globalSecondaryIndexes.map((index) => index.indexName);
    expect(added).toEqual(wanted.slice(4));
    expect(again).toEqual([]);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexes = (Table?.GlobalSecondaryIndexes ?? []).map((index) => [
      index.IndexName,
      index.Projection?.ProjectionType,
    ]);
    expect(indexes.sort()).toEqual(tableDesign.globalSecondaryIndexes.map((i) => [i.indexName, i.projection]).sort());
  });
});
