import type { CaseEvent, CaseStatus, FollowUpCase } from '../../domain/follow-up.ts';
import { acknowledgeCounters, cohortDay, resolveCounters } from '../../domain/loop-report.ts';
import type { CaseQuery, CaseRepository, CaseResolution, OverdueEntry } from '../../ports/case-repository.ts';
import { onIndex } from '../../topology/table.ts';
import {
  ConditionalCheckFailedException,
  GetCommand,
  TransactionCanceledException,
  TransactWriteCommand,
  UpdateCommand,
} from '../aws/dynamodb.ts';
import { aggregateUpdates, caseScope, type DayChange } from './aggregates.ts';
import { dueKeys } from './due-index.ts';
import { DynamoDbLoopStates, isConditionFailure } from './loop-states.ts';
import { queryPages } from './query-pages.ts';
import { CASE_DUE_SHARDS, keys } from './table-design.ts';

const CASE_FIELDS = [
  'id',
  'surveyId',
  'program',
  'storeId',
  'customer',
  'trigger',
  'agent',
  'locale',
  'answer',
  'status',
  'openedAt',
  'dueAt',
  'owner',
  'acknowledgedAt',
  'resolvedAt',
  'resolution',
  'rootCause',
  'escalatedAt',
  'resurveyId',
  'notes',
  'announced',
  'retainUntil',
] as const satisfies readonly (keyof FollowUpCase)[];

function toCase(item: Record<string, unknown>): FollowUpCase {
  return Object.fromEntries(
    CASE_FIELDS.filter((field) => field in item).map((field) => [field, item[field]]),
  ) as unknown as FollowUpCase;
}

/**
 * Follow-up cases, and (from `DynamoDbLoopStates`) the loop state of each answered survey. A case is one item
 * (`CASE#{id}`): in the store × status × due-time index (gsi3) for listing, and in the due-time index (gsi2) while
 * it waits for its deadline.
 */
export class DynamoDbCaseRepository extends DynamoDbLoopStates implements CaseRepository {
  async get(caseId: string): Promise<FollowUpCase | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.followUpCase(caseId), ConsistentRead: true }),
    );
    return Item ? toCase(Item) : undefined;
  }

  async acknowledge(current: FollowUpCase, owner: string, at: string): Promise<FollowUpCase | undefined> {
    const counters = acknowledgeCounters(current, at);
    return this.transition(
      current,
      'acknowledged',
      {
        set: '#owner = :owner, acknowledgedAt = :at',
        condition: '#status = :open',
        values: { ':owner': owner, ':at': at, ':open': 'open' },
      },
      this.loopCounters(current, owner, counters),
    );
  }

  /** The closed loop's counters of a case's change, on its cohort's store row and its owner's row. */
  private loopCounters(
    current: FollowUpCase,
    owner: string,
    counters: { store: ReadonlyMap<string, number>; owner: ReadonlyMap<string, number> },
    alsoOnStoreRows: readonly DayChange[] = [],
  ) {
    const scope = caseScope(current);
    const day = cohortDay(current);
    return [
      ...aggregateUpdates(this.tableName, scope, [...alsoOnStoreRows, { day, deltas: counters.store }]),
      ...aggregateUpdates(this.tableName, { ...scope, owner }, [{ day, deltas: counters.owner }]),
    ];
  }

  async resolve(current: FollowUpCase, resolution: CaseResolution): Promise<FollowUpCase | undefined> {
    const resurvey = resolution.resurveyId ? ', resurveyId = :resurveyId' : '';
    const rootCause = resolution.rootCause ? ', rootCause = :rootCause' : '';
    // The root cause counts on the day of resolving, and the closed loop on the case's cohort, in the same write:
    // once, whatever retries.
    const rootCauseToday: DayChange[] = resolution.rootCause
      ? [{ day: resolution.at.slice(0, 10), deltas: new Map([[`rootCause_${resolution.rootCause}`, 1]]) }]
      : [];
    const counted = this.loopCounters(
      current,
      current.owner ?? resolution.owner,
      resolveCounters(current, resolution.at, resolution.rootCause),
      rootCauseToday,
    );
    return this.transition(
      current,
      'resolved',
      {
        set: `#owner = if_not_exists(#owner, :owner), resolvedAt = :at, resolution = :text${resurvey}${rootCause}`,
        condition: '#status IN (:open, :acknowledged)',
        values: {
          ':owner': resolution.owner,
          ':at': resolution.at,
          ':text': resolution.text,
          ':open': 'open',
          ':acknowledged': 'acknowledged',
          ...(resolution.resurveyId ? { ':resurveyId': resolution.resurveyId } : {}),
          ...(resolution.rootCause ? { ':rootCause': resolution.rootCause } : {}),
        },
      },
      counted,
    );
  }

  /**
   * A status change, conditioned on the state it starts from: the listing index follows the status, and a case
   * someone has taken (or closed) leaves the escalation index.
   */
  private async transition(
    current: FollowUpCase,
    status: CaseStatus,
    change: { set: string; condition: string; values: Record<string, unknown> },
    alongside: readonly ReturnType<typeof aggregateUpdates>[number][] = [],
  ): Promise<FollowUpCase | undefined> {
    const listing = keys.casesOfStore(current.storeId, status, current.dueAt, current.id);
    const byStatus = keys.casesByStatus(status, current.dueAt, current.id);
    const update = {
      TableName: this.tableName,
      Key: keys.followUpCase(current.id),
      UpdateExpression: `SET ${change.set}, #status = :status, gsi3sk = :listing, gsi1pk = :byStatus REMOVE gsi2pk, gsi2sk`,
      ConditionExpression: change.condition,
      ExpressionAttributeNames: { '#status': 'status', '#owner': 'owner' },
      ExpressionAttributeValues: {
        ...change.values,
        ':status': status,
        ':listing': listing.gsi3sk,
        ':byStatus': byStatus.gsi1pk,
      },
    };
    try {
      if (alongside.length === 0) {
        const { Attributes } = await this.db.send(new UpdateCommand({ ...update, ReturnValues: 'ALL_NEW' }));
        return Attributes ? toCase(Attributes) : undefined;
      }
      await this.db.send(new TransactWriteCommand({ TransactItems: [{ Update: update }, ...alongside] }));
      return await this.get(current.id);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      const reasons = error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []) : [];
      if (reasons[0]?.Code === 'ConditionalCheckFailed') return undefined;
      throw error;
    }
  }

  /**
   * Per status, one query: of the store's partition (gsi3) or, for every store, of the status partition (gsi1);
   * soonest due first either way. An owner narrows it with a filter.
   */
  /** Cases by status (of one store, or every store), soonest due first; owner and program filter the pages read. */
  async list(query: CaseQuery): Promise<FollowUpCase[]> {
    if (query.storeId === undefined && query.stores?.length === 0) return [];
    const perStatus = await Promise.all(
      query.statuses.map(async (status) => {
        const { values, ...filter } = filterOf(query);
        const byStore = query.storeId !== undefined;
        const index = byStore ? 'perStore' : 'acrossStores';
        // Store listings sort by `{status}#{dueAt}`, status listings by `{dueAt}` (never empty: DynamoDB refuses it).
        const prefix = byStore ? `${status}#` : '';
        const from = prefix || '0';
        const upTo = `${prefix}${query.dueBefore ?? '~'}`;
        const { items } = await queryPages(
          this.db,
          {
            TableName: this.tableName,
            ...onIndex(index, { between: [':from', ':upTo'] }),
            ...filter,
            ExpressionAttributeValues: {
              ...values,
              ':pk': byStore
                ? keys.casesOfStore(query.storeId ?? '', status, '', '').gsi3pk
                : keys.casesByStatus(status, '', '').gsi1pk,
              ':from': from,
              ':upTo': upTo,
              ...(query.owner !== undefined ? { ':owner': query.owner } : {}),
              ...(query.program !== undefined ? { ':program': query.program } : {}),
            },
          },
          query.limit,
        );
        return items.map(toCase);
      }),
    );
    return perStatus
      .flat()
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt))
      .slice(0, query.limit);
  }

  async overdue(asOf: Date, limit: number): Promise<OverdueEntry[]> {
    const dueKeysUpTo = await dueKeys(this.db, this.tableName, 'CASEDUE', asOf, limit, CASE_DUE_SHARDS);
    return dueKeysUpTo.map((dueKey) => ({ caseId: dueKey.split('#')[2] ?? '', dueKey }));
  }

  async claimEscalation(entry: OverdueEntry, leaseUntil: string): Promise<FollowUpCase | undefined> {
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.followUpCase(entry.caseId),
          UpdateExpression: 'SET gsi2sk = :lease',
          ConditionExpression: '#status = :open AND gsi2sk = :key',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':open': 'open',
            ':key': entry.dueKey,
            ':lease': keys.caseDue(entry.caseId, leaseUntil).gsi2sk,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? toCase(Attributes) : undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  async markEscalated(followUp: FollowUpCase, at: string): Promise<void> {
    // Counted with the mark, once: a second mark (a crashed run's retry) finds it set and changes nothing.
    const counted = this.cohortCounter(followUp, 'loop_escalated');
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.followUpCase(followUp.id),
                UpdateExpression: 'SET escalatedAt = :at',
                ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(escalatedAt)',
                ExpressionAttributeValues: { ':at': at },
              },
            },
            ...counted,
          ],
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async markAnnounced(caseId: string, event: CaseEvent): Promise<void> {
    // An escalation is done once announced: only then does the case leave the due-time index.
    const done = event === 'escalated' ? ' REMOVE gsi2pk, gsi2sk' : '';
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.followUpCase(caseId),
        UpdateExpression: `SET announced.#event = :true${done}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#event': event },
        ExpressionAttributeValues: { ':true': true },
      }),
    );
  }
}

/** The filter of a case listing: who owns it and which program it is of, when asked. */
function filterOf(query: CaseQuery) {
  const stores = query.storeId === undefined ? query.stores : undefined;
  const conditions = [
    ...(query.owner !== undefined ? ['#owner = :owner'] : []),
    ...(query.program !== undefined ? ['#program = :program'] : []),
    ...(stores !== undefined ? [`#storeId IN (${stores.map((_, i) => `:store${i}`).join(', ')})`] : []),
  ];
  if (conditions.length === 0) return {};
  return {
    FilterExpression: conditions.join(' AND '),
    ExpressionAttributeNames: {
      ...(query.owner !== undefined ? { '#owner': 'owner' } : {}),
      ...(query.program !== undefined ? { '#program': 'program' } : {}),
      ...(stores !== undefined ? { '#storeId': 'storeId' } : {}),
    },
    values: Object.fromEntries((stores ?? []).map((id, i) => [`:store${i}`, id])),
  };
}
