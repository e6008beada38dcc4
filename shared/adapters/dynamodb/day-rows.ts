import { onIndex } from '../../topology/table.ts';
import type { DocumentClient } from '../aws/dynamodb.ts';
import { queryAll } from './query-pages.ts';
import { seg } from './table-design.ts';

/** Partitions queried at once: a year of twenty stores is twenty queries. */
const PARALLEL = 10;

type Item = Record<string, unknown>;

export interface DayRowsQuery {
  /** The listing's partition key: `AGG#{program}#STORES`, `#AGENTS` or `#OWNERS` (`keys.*AggregateListing`). */
  listing: string;
  /** The period's first and last day, `yyyy-mm-dd`. */
  from: string;
  to: string;
  /** Only these stores' rows; every store's when absent. */
  stores?: readonly string[] | undefined;
}

/**
 * The day rows of one of a program's listings (its stores', agents' or owners') in a period, as stored:
 * 1. the keys-only index gsi6 names the partition of each row in the period (a row's listing sort key is
 *    `{day}#{storeId}…`, so the stores not asked for are left out here, unread);
 * 2. each partition named is queried for the period, `PARALLEL` at a time: a query is billed by what it reads,
 *    so the rows cost what they did when the listing held them whole;
 * 3. rows last changed before gsi6 existed are listed whole in gsi3 under the same key; those of a partition
 *    gsi6 named are in its query already, the others are taken as they are.
 */
export async function readDayRows(db: DocumentClient, tableName: string, query: DayRowsQuery): Promise<Item[]> {
  const period = { ':pk': query.listing, ':from': query.from, ':to': `${query.to}~` };
  const wanted = query.stores === undefined ? undefined : new Set(query.stores.map(seg));
  const ofWantedStore = (listingSortKey: unknown) =>
    wanted === undefined || wanted.has(String(listingSortKey).slice('yyyy-mm-dd#'.length).split('#')[0] ?? '');

  const [listed, before] = await Promise.all([
    queryAll(db, {
      TableName: tableName,
      ...onIndex('daysOfProgram', { between: [':from', ':to'] }),
      ExpressionAttributeValues: period,
    }),
    queryAll(db, {
      TableName: tableName,
      ...onIndex('perStore', { between: [':from', ':to'] }),
      ExpressionAttributeValues: period,
    }),
  ]);
  const named = new Set(listed.filter((entry) => ofWantedStore(entry.gsi6sk)).map((entry) => String(entry.pk)));

  const rows: Item[] = before.filter((row) => !named.has(String(row.pk)) && ofWantedStore(row.gsi3sk));
  const partitions = [...named];
  for (let i = 0; i < partitions.length; i += PARALLEL) {
    const read = partitions.slice(i, i + PARALLEL).map((pk) =>
      queryAll(db, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': pk, ':from': `DAY#${query.from}`, ':to': `DAY#${query.to}` },
      }),
    );
    for (const found of await Promise.all(read)) rows.push(...found);
  }
  // In the listing's order, as one query of it would have read them: by day, then store (then agent or owner).
  return rows.sort((a, b) => String(a.day).localeCompare(String(b.day)) || String(a.pk).localeCompare(String(b.pk)));
}
