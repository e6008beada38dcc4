import type { Survey } from '../../domain/survey.ts';
import { keys } from './table-design.ts';

/** Counter changes that land on one day: `{ responses: 1, score_9: 1 }`, `{ sent: 1 }`. */
export interface DayChange {
  day: string;
  deltas: ReadonlyMap<string, number>;
}

type RowScope = Pick<Survey, 'storeId' | 'program' | 'metric' | 'agent'> & { owner?: string | undefined };

/**
 * One row's update: its key and listing attributes set, its counters added, and the copy of it a revision before
 * gsi6 listed in gsi3 taken out (a row not listed there costs the index nothing).
 */
function rowUpdate(
  tableName: string,
  survey: RowScope,
  day: string,
  counters: readonly [string, number][],
  key: Record<string, string>,
  extra: Record<string, string>,
) {
  // Everything through placeholders: `owner` is one of DynamoDB's reserved words.
  const set = { storeId: survey.storeId, program: survey.program, metric: survey.metric, day, ...extra };
  const names: Record<string, string> = Object.fromEntries(Object.keys(set).map((name) => [`#${name}`, name]));
  const values: Record<string, unknown> = Object.fromEntries(
    Object.entries(set).map(([name, value]) => [`:${name}`, value]),
  );
  const adds = counters.map(([name, by], i) => {
    names[`#c${i}`] = name;
    values[`:c${i}`] = by;
    return `#c${i} :c${i}`;
  });
  const sets = Object.keys(set).map((name) => `#${name} = :${name}`);
  return {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.join(', ')} REMOVE gsi3pk, gsi3sk`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/**
 * The aggregate counter updates for a survey's changes, ready for a transaction: per day, one row for the store
 * and, for a ticket survey with an agent, one for the store × agent (or, given an owner, only the owner's row).
 * Changes on the same day are merged first: a transaction may touch an item only once.
 */
export function aggregateUpdates(tableName: string, survey: RowScope, changes: readonly DayChange[]) {
  const byDay = new Map<string, Map<string, number>>();
  for (const change of changes) {
    const merged = byDay.get(change.day) ?? new Map<string, number>();
    for (const [name, by] of change.deltas) merged.set(name, (merged.get(name) ?? 0) + by);
    byDay.set(change.day, merged);
  }
  const { storeId, program, owner, agent } = survey;
  return [...byDay].flatMap(([day, deltas]) => {
    const counters = [...deltas].filter(([, by]) => by !== 0);
    if (counters.length === 0) return [];
    const update = (key: Record<string, string>, extra: Record<string, string>) =>
      rowUpdate(tableName, survey, day, counters, key, extra);
    // An owner's row instead of the store's: the closed loop per member of staff.
    if (owner !== undefined)
      return [
        update(keys.ownerAggregate(storeId, program, owner, day), {
          ...keys.ownerAggregateListing(storeId, program, owner, day),
          owner,
        }),
      ];
    const rows = [update(keys.aggregate(storeId, program, day), keys.aggregateListing(storeId, program, day))];
    if (agent !== undefined)
      rows.push(
        update(keys.agentAggregate(storeId, program, agent.id, day), {
          ...keys.agentAggregateListing(storeId, program, agent.id, day),
          agentId: agent.id,
          // The name the agent had most recently, for the breakdown.
          ...(agent.name ? { agentName: agent.name } : {}),
        }),
      );
    return rows;
  });
}

/** A case's store rows (never an agent's or an owner's): its store, program and metric, and nothing else. */
export const caseScope = (followUp: { storeId: string; program: string; answer: { metric: Survey['metric'] } }) => ({
  storeId: followUp.storeId,
  program: followUp.program,
  metric: followUp.answer.metric,
  agent: undefined,
});
