import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { createTableRequest, startDynamoDbLocal } from '#local/dynamodb.ts';
import { freePort } from '#local/resources.ts';
import { tableDesign } from '#shared/topology/table.ts';
import { credentials, region } from '../support/runtime.ts';

/**
 * A developer's data directory outlives revisions: the runtime, started on a table an earlier revision made, adds
 * the indexes it lacks, one at a time as DynamoDB takes them. Its own DynamoDB Local on a directory of its own:
 * the shared one is busy with every other test, and builds an index only when it has the time.
 */
const buildDir = resolve(import.meta.dirname, '../../.build/dynamodb-local');

async function withDynamoDbLocal<T>(
  dataDir: string,
  tableName: string,
  log: string[],
  use: (c: DynamoDBClient) => Promise<T>,
) {
  const port = await freePort();
  const dynamo = await startDynamoDbLocal({ port, dataDir, buildDir, tableName, log: (line) => log.push(line) });
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region, credentials });
  try {
    return await use(client);
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}

describe('a local table kept from an earlier revision', () => {
  it('gains the indexes it lacks when the runtime starts on it, and keeps those it has', {
    timeout: 120_000,
  }, async () => {
    // Prepare: a data directory holding the table as a revision with only the first four indexes made it
    const dataDir = await mkdtemp(join(tmpdir(), 'closeloop-upgrade-'));
    const tableName = 'closeloop';
    const full = createTableRequest(tableName);
    const earlier = full.GlobalSecondaryIndexes.slice(0, 4);
    const keyNames = new Set(['pk', 'sk', ...earlier.flatMap((index) => index.KeySchema.map((k) => k.AttributeName))]);
    try {
      await withDynamoDbLocal(dataDir, 'scratch', [], (client) =>
        client.send(
          new CreateTableCommand({
            ...full,
            GlobalSecondaryIndexes: earlier,
            AttributeDefinitions: full.AttributeDefinitions.filter((a) => keyNames.has(a.AttributeName)),
          }),
        ),
      );

      // Act: the runtime's start on it
      const log: string[] = [];
      const indexes = await withDynamoDbLocal(dataDir, tableName, log, async (client) => {
        const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
        return (Table?.GlobalSecondaryIndexes ?? []).map((index) => [
          index.IndexName,
          index.Projection?.ProjectionType,
        ]);
      });

      // Assess: only the rest added, with their projections, and logged
      const wanted = tableDesign.globalSecondaryIndexes;
      expect(log).toEqual(wanted.slice(4).map((index) => `added index ${index.indexName} to table ${tableName}`));
      expect(indexes.sort()).toEqual(wanted.map((index) => [index.indexName, index.projection]).sort());
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
