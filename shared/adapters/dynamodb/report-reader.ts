import { InvalidInput } from '../../domain/errors.ts';
import type { AggregateRow } from '../../domain/reports.ts';
import {
  RESPONSE_RECORD_FIELDS,
  type ReportReader,
  type ReportScope,
  type ResponseQuery,
  type ResponseRecord,
  type SentSurvey,
} from '../../ports/report-reader.ts';
import { onIndex } from '../../topology/table.ts';
import type { DocumentClient, QueryCommandInput } from '../aws/dynamodb.ts';
import { readDayRows } from './day-rows.ts';
import { queryAll, queryPages } from './query-pages.ts';
import { checkStartKey, decodeCursor, encodeCursor, monthsDescending } from './response-cursor.ts';
import { readSurveysSent } from './sent-surveys.ts';
import { keys } from './table-design.ts';

const COUNTER =
  /^(responses|sent|answered|ces_responses|score_\d+|ces_\d+|(reason|theme)_[a-z0-9-]+_\d+|rootCause_[a-z0-9-]+|loop_[A-Za-z0-9_-]+)$/;
/** Reads per request at most, so a search through a long, sparse period answers in pages instead of timing out. */
const PAGE_BUDGET = 10;

function toRow(item: Record<string, unknown>): AggregateRow {
  const counters: Record<string, number> = {};
  for (const [name, value] of Object.entries(item))
    if (COUNTER.test(name) && typeof value === 'number') counters[name] = value;
  return {
    day: String(item.day),
    storeId: String(item.storeId),
    ...(typeof item.agentId === 'string' ? { agentId: item.agentId } : {}),
    ...(typeof item.agentName === 'string' ? { agentName: item.agentName } : {}),
    ...(typeof item.owner === 'string' ? { owner: item.owner } : {}),
    counters,
  };
}

const toResponse = (item: Record<string, unknown>) =>
  Object.fromEntries(
    RESPONSE_RECORD_FIELDS.filter((f) => item[f] !== undefined).map((f) => [f, item[f]]),
  ) as unknown as ResponseRecord;

/** Only the rows of the stores a scope is narrowed to, when it is. */
const narrowed = (rows: AggregateRow[], scope: Pick<ReportScope, 'storeId' | 'stores'>) => {
  const stores = scope.storeId === undefined ? scope.stores : undefined;
  return stores === undefined ? rows : rows.filter((row) => stores.includes(row.storeId));
};

/** A response query's filter: what narrows the pages read, beside the partition and the period. */
function responseFilters(query: ResponseQuery) {
  const filters: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':from': query.from, ':to': `${query.to}~` };
  const where = (expression: string, name: string, value?: unknown) => {
    filters.push(expression);
    names[`#${name}`] = name;
    if (value !== undefined) values[`:${name}`] = value;
  };
  if (query.program !== undefined) where('#program = :program', 'program', query.program);
  if (query.agentId !== undefined) where('#agentId = :agentId', 'agentId', query.agentId);
  if (query.storeId === undefined && query.stores !== undefined) {
    where(`#storeId IN (${query.stores.map((_, i) => `:storeId${i}`).join(', ')})`, 'storeId');
    query.stores.forEach((id, i) => {
      values[`:storeId${i}`] = id;
    });
  }
  if (query.withComment) where('attribute_exists(#comment)', 'comment');
  if (query.class !== undefined) where('#class = :class', 'class', query.class);
  if (query.theme !== undefined) where('contains(#themes, :themes)', 'themes', query.theme);
  if (query.reason !== undefined) where('contains(#reasons, :reasons)', 'reasons', query.reason);
  if (query.text !== undefined)
    where('contains(#commentSearch, :commentSearch)', 'commentSearch', query.text.toLocaleLowerCase('en'));
  return { filters, names, values };
}

/**
 * Reports from the aggregate rows (a handful of queries however many answers there are) and pages of answers
 * for comments and exports. Which index a query uses follows from what it is narrowed to.
 */
export class DynamoDbReportReader implements ReportReader {
  private readonly db: DocumentClient;
  private readonly tableName: string;

  constructor(db: DocumentClient, tableName: string) {
    this.db = db;
    this.tableName = tableName;
  }

  async aggregates(scope: ReportScope): Promise<AggregateRow[]> {
    const rows = await this.aggregatesOf(scope);
    return narrowed(rows, scope);
  }

  private async aggregatesOf(scope: ReportScope): Promise<AggregateRow[]> {
    const { program, storeId, agentId, from, to } = scope;
    const days = { from: `DAY#${from}`, to: `DAY#${to}` };
    if (storeId !== undefined && agentId !== undefined)
      return this.all(
        { KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to' },
        {
          pk: keys.agentAggregate(storeId, program, agentId, from).pk,
          ...days,
        },
      );
    if (storeId !== undefined)
      return this.all(
        { KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to' },
        {
          pk: keys.aggregate(storeId, program, from).pk,
          ...days,
        },
      );
    if (agentId !== undefined)
      return this.all(onIndex('acrossStores', { between: [':from', ':to'] }), {
        pk: keys.agentAggregateListing('', program, agentId, from).gsi1pk,
        from,
        to: `${to}~`,
      });
    return this.listing(keys.aggregateListing('', program, from).gsi6pk, scope);
  }

  async agentAggregates(scope: Omit<ReportScope, 'agentId'>): Promise<AggregateRow[]> {
    return this.listing(keys.agentAggregateListing('', scope.program, '', scope.from).gsi6pk, scope);
  }

  async ownerAggregates(scope: Omit<ReportScope, 'agentId'>): Promise<AggregateRow[]> {
    return this.listing(keys.ownerAggregateListing('', scope.program, '', scope.from).gsi6pk, scope);
  }

  surveysSent(storeId: string, program: string, from: string, to: string): Promise<SentSurvey[]> {
    return readSurveysSent(this.db, this.tableName, { storeId, program, from, to });
  }

  /** The rows of a program's listing (every store's, agent's or owner's) in the period, of the scope's stores. */
  private async listing(listing: string, scope: Omit<ReportScope, 'agentId'>): Promise<AggregateRow[]> {
    const stores = scope.storeId === undefined ? scope.stores : [scope.storeId];
    const items = await readDayRows(this.db, this.tableName, { listing, from: scope.from, to: scope.to, stores });
    return items.map(toRow);
  }

  async responses(query: ResponseQuery) {
    const cursor = decodeCursor(query.cursor);
    if (query.storeId === undefined && query.stores?.length === 0) return { responses: [] };
    const { filters, names, values } = responseFilters(query);
    const base = {
      TableName: this.tableName,
      ScanIndexForward: false,
      ...(filters.length > 0 ? { FilterExpression: filters.join(' AND '), ExpressionAttributeNames: names } : {}),
    };

    const partitions =
      query.storeId !== undefined
        ? [
            {
              month: undefined,
              index: 'perStore' as const,
              pk: keys.responsesOfStore(query.storeId, query.from, '').gsi3pk,
            },
          ]
        : monthsDescending(query.from, query.to).map((month) => ({
            month,
            index: 'acrossStores' as const,
            pk: keys.responsesOfMonth(`${month}-01`, '').gsi1pk,
          }));
    const startAt = cursor.m === undefined ? 0 : partitions.findIndex((partition) => partition.month === cursor.m);
    if (startAt < 0) throw new InvalidInput('cursor is not one this API handed out');

    const responses: ResponseRecord[] = [];
    let budget = PAGE_BUDGET;
    for (let i = startAt; i < partitions.length; i++) {
      const partition = partitions[i] as (typeof partitions)[number];
      if (i === startAt && cursor.k !== undefined) checkStartKey(cursor.k, partition.index, partition.pk);
      const page = await queryPages(
        this.db,
        {
          ...base,
          ...onIndex(partition.index, { between: [':from', ':to'] }),
          ExpressionAttributeValues: { ...values, ':pk': partition.pk },
          ExclusiveStartKey: i === startAt ? cursor.k : undefined,
        } satisfies QueryCommandInput,
        query.limit - responses.length,
        budget,
      );
      budget -= page.pages;
      responses.push(...page.items.map(toResponse));
      if (page.next !== undefined) return { responses, cursor: encodeCursor({ m: partition.month, k: page.next }) };
      const following = partitions[i + 1];
      if (following === undefined) return { responses };
      if (responses.length >= query.limit || budget <= 0)
        return { responses, cursor: encodeCursor({ m: following.month }) };
    }
    return { responses };
  }

  private async all(
    input: Pick<QueryCommandInput, 'IndexName' | 'KeyConditionExpression'>,
    values: Record<string, string>,
  ) {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      ...input,
      ExpressionAttributeValues: Object.fromEntries(Object.entries(values).map(([name, value]) => [`:${name}`, value])),
    });
    return items.map(toRow);
  }
}
