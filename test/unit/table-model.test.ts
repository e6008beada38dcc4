import { describe, expect, it } from 'vitest';
import { createTable } from '#local/dynamodb.ts';
import { directDocumentClient } from '#local/table-model/direct-client.ts';
import { memoryDocumentClient } from '#local/table-model/sdk-handler.ts';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '#shared/adapters/aws/dynamodb.ts';

/**
 * The load model's table at the edges the use-case tests (run on it and on DynamoDB Local) do not reach: the
 * expression language's corners, pages, projections and the per-key meter. Each case runs through the SDK's own
 * serialization and through the model's direct client: both must answer alike.
 */
async function tables() {
  const model = memoryDocumentClient();
  await createTable(model.client, 't');
  return [
    { name: 'sdk', db: model.doc, memory: model.db },
    { name: 'direct', db: directDocumentClient(model.db), memory: model.db },
  ];
}

const key = { pk: 'p', sk: 's' };

describe.each(['sdk', 'direct'])('the in-process table, through the %s client', (via) => {
  const open = async () => (await tables()).find((t) => t.name === via) as Awaited<ReturnType<typeof tables>>[number];

  it('refuses an expression with an undefined placeholder or a reserved word, and changes nothing', async () => {
    const { db } = await open();
    await db.send(new PutCommand({ TableName: 't', Item: { ...key, n: 1 } }));
    await expect(
      db.send(new UpdateCommand({ TableName: 't', Key: key, UpdateExpression: 'SET n = :missing' })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      db.send(
        new UpdateCommand({
          TableName: 't',
          Key: key,
          UpdateExpression: 'SET status = :v',
          ExpressionAttributeValues: { ':v': 1 },
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('reserved keyword') });
    expect((await db.send(new GetCommand({ TableName: 't', Key: key }))).Item).toEqual({ ...key, n: 1 });
  });

  it('evaluates IN, BETWEEN, NOT, size and nested paths as DynamoDB does', async () => {
    const { db } = await open();
    await db.send(new PutCommand({ TableName: 't', Item: { ...key, n: 5, notes: ['a', 'b'], m: { s: 'queued' } } }));
    const when = (condition: string, values: Record<string, unknown>) =>
      db
        .send(
          new UpdateCommand({
            TableName: 't',
            Key: key,
            UpdateExpression: 'ADD hits :one',
            ConditionExpression: condition,
            ExpressionAttributeNames: { '#s': 's' },
            ExpressionAttributeValues: { ':one': 1, ...values },
          }),
        )
        .then(
          () => true,
          (e) => (e.name === 'ConditionalCheckFailedException' ? false : Promise.reject(e)),
        );
    expect(await when('m.#s IN (:a, :b)', { ':a': 'scheduled', ':b': 'queued' })).toBe(true);
    expect(await when('n BETWEEN :lo AND :hi', { ':lo': 6, ':hi': 10 })).toBe(false);
    expect(await when('NOT attribute_exists(gone) AND size(notes) = :two', { ':two': 2 })).toBe(true);
    expect(await when('n < :x OR m.#s = :y', { ':x': 5, ':y': 'sent' })).toBe(false);
    expect((await db.send(new GetCommand({ TableName: 't', Key: key }))).Item?.hits).toBe(2);
  });

  it('sets and removes list elements by index, appends, and reads the item as it was on the right-hand side', async () => {
    const { db } = await open();
    await db.send(new PutCommand({ TableName: 't', Item: { ...key, n: 1, notes: ['a', 'b', 'c'] } }));
    await db.send(
      new UpdateCommand({
        TableName: 't',
        Key: key,
        UpdateExpression: 'SET notes[1] = :x, n = n + :one, copy = n REMOVE notes[0]',
        ExpressionAttributeValues: { ':x': 'B', ':one': 1 },
      }),
    );
    await db.send(
      new UpdateCommand({
        TableName: 't',
        Key: key,
        UpdateExpression: 'SET notes = list_append(notes, :more)',
        ExpressionAttributeValues: { ':more': ['d'] },
      }),
    );
    expect((await db.send(new GetCommand({ TableName: 't', Key: key }))).Item).toEqual({
      ...key,
      n: 2,
      copy: 1,
      notes: ['B', 'c', 'd'],
    });
  });

  it('cancels a whole transaction on one failed condition, with its reasons in order', async () => {
    const { db } = await open();
    await db.send(new PutCommand({ TableName: 't', Item: { ...key, n: 1 } }));
    const error = await db
      .send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: 't', Item: { pk: 'other', sk: 's' } } },
            {
              Update: {
                TableName: 't',
                Key: key,
                UpdateExpression: 'SET n = :two',
                ConditionExpression: 'n = :zero',
                ExpressionAttributeValues: { ':two': 2, ':zero': 0 },
              },
            },
          ],
        }),
      )
      .catch((e) => e);
    expect(error.name).toBe('TransactionCanceledException');
    expect(error.CancellationReasons.map((r: { Code: string }) => r.Code)).toEqual(['None', 'ConditionalCheckFailed']);
    expect((await db.send(new GetCommand({ TableName: 't', Key: { pk: 'other', sk: 's' } }))).Item).toBeUndefined();
  });

  it('pages a query by its limit, either way, and keeps only the keys in a keys-only index', async () => {
    const { db } = await open();
    for (const i of [3, 1, 2, 5, 4])
      await db.send(
        new PutCommand({
          TableName: 't',
          Item: { pk: `S#${i}`, sk: 'SURVEY', gsi2pk: 'DUE#0', gsi2sk: `2026-11-0${i}`, big: 'x' },
        }),
      );
    const pages: string[][] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: 't',
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :upTo',
          ExpressionAttributeValues: { ':pk': 'DUE#0', ':upTo': '2026-11-04' },
          Limit: 2,
          ExclusiveStartKey: start,
        }),
      );
      pages.push((page.Items ?? []).map((item) => item.gsi2sk));
      expect(page.Items?.every((item) => item.big === undefined)).toBe(true);
      start = page.LastEvaluatedKey;
    } while (start);
    expect(pages.flat()).toEqual(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04']);
    const newest = await db.send(
      new QueryCommand({
        TableName: 't',
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': 'DUE#0' },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    expect(newest.Items?.map((item) => item.gsi2sk)).toEqual(['2026-11-05']);
  });

  it('meters write units per partition key and second, the table and each index apart', async () => {
    const { db, memory } = await open();
    let now = Date.parse('2026-11-27T10:00:00Z');
    memory.now = () => now;
    for (let i = 0; i < 30; i++) {
      if (i === 20) now += 1000;
      await db.send(
        new UpdateCommand({
          TableName: 't',
          Key: { pk: 'RATE#ses', sk: `SEC#${Math.floor(now / 1000)}` },
          UpdateExpression: 'ADD #c :one',
          ExpressionAttributeNames: { '#c': 'count' },
          ExpressionAttributeValues: { ':one': 1 },
        }),
      );
    }
    await db.send(
      new PutCommand({
        TableName: 't',
        Item: { pk: 'S#1', sk: 'SURVEY', gsi2pk: 'DUE#1', gsi2sk: 'x', text: 'y'.repeat(1500) },
      }),
    );
    const top = memory.hotKeys.top(3);
    expect(top[0]).toMatchObject({ key: 'table:RATE#ses', units: 20, writes: 20 });
    // 1.5 KB costs the table two units; the keys-only index entry is small: one.
    expect(top.find((k) => k.key === 'table:S#1')?.units).toBe(2);
    expect(top.find((k) => k.key === 'gsi2:DUE#1')?.units).toBe(1);
  });
});

describe('a partition of many items', () => {
  it('keeps sort order through inserts in the middle and removals across chunks, and answers ranges', async () => {
    const { SortedKeys } = await import('#local/table-model/sorted-keys.ts');
    const keys = new SortedKeys();
    const kept = new Set<string>();
    // Reminders far ahead first, then surveys due sooner (inserted before all of them), then half of each removed.
    for (let i = 0; i < 3000; i++)
      keys.insert({ sort: `2026-12-0${1 + (i % 5)}#r${String(i).padStart(5, '0')}`, id: `r${i}` });
    for (let i = 0; i < 3000; i++) keys.insert({ sort: `2026-11-27#s${String(i).padStart(5, '0')}`, id: `s${i}` });
    for (let i = 0; i < 3000; i++) {
      const survey = { sort: `2026-11-27#s${String(i).padStart(5, '0')}`, id: `s${i}` };
      const reminder = { sort: `2026-12-0${1 + (i % 5)}#r${String(i).padStart(5, '0')}`, id: `r${i}` };
      if (i % 2 === 0) keys.remove(survey);
      else kept.add(survey.sort);
      if (i % 3 === 0) keys.remove(reminder);
      else kept.add(reminder.sort);
    }
    const all = keys.within({}).map((e) => e.sort);
    expect(all).toEqual([...kept].sort());
    expect(keys.size).toBe(kept.size);
    const due = keys.within({ to: '2026-11-27#~', toInclusive: true });
    expect(due).toHaveLength(1500);
    expect(keys.within({ from: '2026-12-02', fromInclusive: true, to: '2026-12-03', toInclusive: false }).length).toBe(
      [...kept].filter((s) => s.startsWith('2026-12-02')).length,
    );
  });
});
