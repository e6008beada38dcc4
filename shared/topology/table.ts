/**
 * The one table's shape, as plain data: the CDK stack and the local runtime build the table from it, the grants
 * name its indexes from it, and the DynamoDB adapters query its indexes by these names. The key design (what each
 * item's keys hold) is `shared/adapters/dynamodb/table-design.ts`.
 */
export const INDEXES = {
  /** Across stores: answers by month, cases by status, an agent's rows across stores (and surveys from before gsi4). */
  acrossStores: { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projection: 'ALL' },
  /**
   * What waits for a time: survey emails and reminders, and open cases until their deadline. Its readers (the
   * sweeps) read its sort key only, so it holds keys only: a change to a waiting item that leaves its due time
   * alone (a lease, a note, an answer) costs the index nothing, where a full copy would be written again.
   */
  due: { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', projection: 'KEYS_ONLY' },
  /** Within one store: answers, cases (and, from before gsi5 and gsi6, sent surveys and a program's day rows). */
  perStore: { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk', projection: 'ALL' },
  /**
   * A customer's surveys, for erasure, which reads their keys only. Keys only: a survey changes four or five times
   * (decision, sent, delivery, answer) and never its customer, so the index is written once, when the survey is
   * created; in a copy of every attribute (gsi1, where the listing was) each change was written again, transactions
   * twice: 7 of a passive survey's write units.
   */
  ofCustomer: { indexName: 'gsi4', partitionKey: 'gsi4pk', sortKey: 'gsi4sk', projection: 'KEYS_ONLY' },
  /**
   * A store's sent surveys by sending time, for the loyalty report, which reads each by key. Keys only: once sent,
   * a survey changes again (its delivery report, its answer), and a copy of every attribute (gsi3, where the listing
   * was) was written again each time, the answer's twice: 3 of a passive survey's write units.
   */
  sentOfStore: { indexName: 'gsi5', partitionKey: 'gsi5pk', sortKey: 'gsi5sk', projection: 'KEYS_ONLY' },
  /**
   * A program's day rows across stores (its stores', agents' and owners'), for the reports across stores, which
   * then query each row's own partition for the period. Keys only: a day row's counters change with every send and
   * answer and its keys never, so the index is written once a row, when its day begins; in a copy of every
   * attribute (gsi3, where the listing was) each change was written again, twice in its transaction: 4 of a
   * passive survey's write units, and every send and answer of a program wrote the one listing partition.
   */
  daysOfProgram: { indexName: 'gsi6', partitionKey: 'gsi6pk', sortKey: 'gsi6sk', projection: 'KEYS_ONLY' },
} as const;

export type IndexName = keyof typeof INDEXES;

export const tableDesign = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'ttl',
  globalSecondaryIndexes: Object.values(INDEXES),
} as const;

/**
 * The index and key condition of a query on one index: its partition key equal to `:pk` and, when bounds are
 * named, its sort key between them (`between: [':from', ':to']`) or up to one (`upTo: ':upTo'`).
 */
export function onIndex(name: IndexName, sortKey?: { between: [string, string] } | { upTo: string }) {
  const index = INDEXES[name];
  const range =
    sortKey === undefined
      ? ''
      : 'between' in sortKey
        ? ` AND ${index.sortKey} BETWEEN ${sortKey.between[0]} AND ${sortKey.between[1]}`
        : ` AND ${index.sortKey} <= ${sortKey.upTo}`;
  return { IndexName: index.indexName, KeyConditionExpression: `${index.partitionKey} = :pk${range}` };
}

/** The fewest due-index shards: what closeloop has always written, so a smaller peak never strands an entry. */
export const MIN_DUE_SHARDS = 4;
