import { QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { aggregateUpdates } from '#shared/adapters/dynamodb/aggregates.ts';
import { DynamoDbReportReader } from '#shared/adapters/dynamodb/report-reader.ts';
import { keys } from '#shared/adapters/dynamodb/table-design.ts';
import type { Survey } from '#shared/domain/survey.ts';
import { localClients, unique } from '../support/runtime.ts';

/**
 * The reports across stores read a program's day rows through the keys-only listing (gsi6) and each row's own
 * partition, and, for rows last changed before gsi6 existed, through their whole copy in gsi3. A program of the
 * test's own keeps its listing apart from every other test's.
 */
const { dynamo, db } = localClients();
const TABLE = 'closeloop';
const reader = new DynamoDbReportReader(db, TABLE);

type Scope = Pick<Survey, 'storeId' | 'program' | 'metric' | 'agent'> & { owner?: string };

/** Counts on a row as the functions count them: through the counter updates, in a transaction. */
async function count(scope: Scope, day: string, deltas: Record<string, number>) {
  const updates = aggregateUpdates(TABLE, scope, [{ day, deltas: new Map(Object.entries(deltas)) }]);
  await dynamo.send(new TransactWriteCommand({ TransactItems: updates }));
}

/** A store row as a revision before gsi6 wrote it: listed whole in gsi3, not in gsi6. */
async function countedBefore(scope: Scope, day: string, sent: number) {
  const listing = keys.aggregateListing(scope.storeId, scope.program, day);
  await dynamo.send(
    new UpdateCommand({
      TableName: TABLE,
      Key: keys.aggregate(scope.storeId, scope.program, day),
      UpdateExpression:
        'SET storeId = :store, #program = :program, metric = :metric, #day = :day, gsi3pk = :pk, gsi3sk = :sk ADD sent :sent',
      ExpressionAttributeNames: { '#program': 'program', '#day': 'day' },
      ExpressionAttributeValues: {
        ':store': scope.storeId,
        ':program': scope.program,
        ':metric': scope.metric,
        ':day': day,
        ':pk': listing.gsi6pk,
        ':sk': listing.gsi6sk,
        ':sent': sent,
      },
    }),
  );
}

const inGsi3 = async (listing: string) =>
  (
    await dynamo.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :pk',
        ExpressionAttributeValues: { ':pk': listing },
      }),
    )
  ).Items ?? [];

const sentByStoreAndDay = (rows: { storeId: string; day: string; counters: Record<string, number> }[]) =>
  rows.map((row) => [row.storeId, row.day, row.counters.sent]);

describe('a program’s day rows across stores', () => {
  it('are read through the keys-only listing and each store’s rows, with the rows from before it, each once', async () => {
    // Prepare: store A counted before gsi6 on the 1st and after it on the 2nd; B after it on the 1st and 3rd;
    // C only before it (a store idle since the upgrade); D after it, on a day outside the period
    const program = unique('days');
    const scope = (storeId: string): Scope => ({ storeId, program, metric: 'nps', agent: undefined });
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => unique(`store-${name}`)) as [
      string,
      string,
      string,
      string,
    ];
    await countedBefore(scope(a), '2026-03-01', 4);
    await count(scope(a), '2026-03-02', { sent: 1 });
    await count(scope(b), '2026-03-01', { sent: 2 });
    await count(scope(b), '2026-03-03', { sent: 3 });
    await count(scope(b), '2026-03-03', { sent: 1 });
    await countedBefore(scope(c), '2026-03-02', 5);
    await count(scope(d), '2026-04-01', { sent: 9 });

    // Act
    const rows = await reader.aggregates({ program, from: '2026-03-01', to: '2026-03-31' });
    const narrowedToBAndC = await reader.aggregates({ program, from: '2026-03-01', to: '2026-03-31', stores: [b, c] });

    // Assess: every row in the period once, in the listing's order; none of D; only B's and C's when narrowed
    const expected = [
      [a, '2026-03-01', 4],
      [b, '2026-03-01', 2],
      [a, '2026-03-02', 1],
      [c, '2026-03-02', 5],
      [b, '2026-03-03', 4],
    ];
    expect(sentByStoreAndDay(rows).sort()).toEqual(expected.sort());
    expect(rows.map((row) => row.day)).toEqual([...rows.map((row) => row.day)].sort());
    expect(sentByStoreAndDay(narrowedToBAndC).sort()).toEqual(
      expected.filter(([store]) => store === b || store === c).sort(),
    );
  });

  it('moves a row from before it out of gsi3 on its next change, counted on', async () => {
    // Prepare: a row from before gsi6
    const program = unique('days');
    const scope: Scope = { storeId: unique('store'), program, metric: 'nps', agent: undefined };
    await countedBefore(scope, '2026-03-05', 2);
    const listing = keys.aggregateListing('', program, '').gsi6pk;
    expect(await inGsi3(listing)).toHaveLength(1);

    // Act: a send counted on it
    await count(scope, '2026-03-05', { sent: 1 });

    // Assess: out of gsi3, read once through gsi6 with both counts
    expect(await inGsi3(listing)).toEqual([]);
    const rows = await reader.aggregates({ program, from: '2026-03-01', to: '2026-03-31' });
    expect(sentByStoreAndDay(rows)).toEqual([[scope.storeId, '2026-03-05', 3]]);
  });

  it('lists agents’ and owners’ rows the same way', async () => {
    // Prepare: two agents at two stores, and an owner's closed loop at one
    const program = unique('days');
    const [s1, s2] = [unique('store'), unique('store')];
    const agent = (storeId: string, id: string): Scope => ({
      storeId,
      program,
      metric: 'csat',
      agent: { id, name: id.toUpperCase() },
    });
    await count(agent(s1, 'ann'), '2026-03-02', { sent: 1 });
    await count(agent(s2, 'ann'), '2026-03-02', { sent: 2 });
    await count(agent(s2, 'bob'), '2026-03-03', { sent: 3 });
    await count({ storeId: s1, program, metric: 'csat', agent: undefined, owner: 'olga' }, '2026-03-04', {
      loop_opened: 1,
    });

    // Act
    const agents = await reader.agentAggregates({ program, from: '2026-03-01', to: '2026-03-31' });
    const atS2 = await reader.agentAggregates({ program, storeId: s2, from: '2026-03-01', to: '2026-03-31' });
    const owners = await reader.ownerAggregates({ program, from: '2026-03-01', to: '2026-03-31' });

    // Assess
    const byAgent = (rows: typeof agents) => rows.map((row) => [row.storeId, row.agentId, row.counters.sent]).sort();
    expect(byAgent(agents)).toEqual(
      [
        [s1, 'ann', 1],
        [s2, 'ann', 2],
        [s2, 'bob', 3],
      ].sort(),
    );
    expect(byAgent(atS2)).toEqual(
      [
        [s2, 'ann', 2],
        [s2, 'bob', 3],
      ].sort(),
    );
    expect(owners.map((row) => [row.storeId, row.owner, row.counters.loop_opened])).toEqual([[s1, 'olga', 1]]);
  });
});
