import type { Survey } from '../../domain/survey.ts';
import { keys } from './table-design.ts';

/** Counter changes that land on one day: `{ responses: 1, score_9: 1 }`, `{ sent: 1 }`. */
export interface DayChange {
  day: string;
  deltas: ReadonlyMap<string, number>;
}

/**
 * The aggregate counter updates for a survey's changes, ready for a transaction: per day, one row for the store
 * and, for a ticket survey with an agent, one for the store × agent. Changes on the same day are merged first:
 * a transaction may touch an item only once.
 */
export function aggregateUpdates(
  tableName: string,
  survey: Pick<Survey, 'storeId' | 'program' | 'metric' | 'agent'>,
  changes: readonly DayChange[],
) {
  const byDay = new Map<string, Map<string, number>>();
  for (const change of changes) {
    const merged = byDay.get(change.day) ?? new Map<string, number>();
    for (const [name, by] of change.deltas) merged.set(name, (merged.get(name) ?? 0) + by);
    byDay.set(change.day, merged);
  }
  return [...byDay].flatMap(([day, deltas]) => {
    const counters = [...deltas].filter(([, by]) => by !== 0);
    if (counters.length === 0) return [];
    const names: Record<string, string> = { '#day': 'day' };
    const values: Record<string, unknown> = {
      ':storeId': survey.storeId,
      ':program': survey.program,
      ':metric': survey.metric,
      ':day': day,
    };
    const adds = counters.map(([name, by], i) => {
      names[`#c${i}`] = name;
      values[`:c${i}`] = by;
      return `#c${i} :c${i}`;
    });
    const update = (key: Record<string, string>, extra: Record<string, string>) => {
      const sets = Object.keys(extra).map((name) => `${name} = :${name}`);
      return {
        Update: {
          TableName: tableName,
          Key: key,
          UpdateExpression: `SET storeId = :storeId, program = :program, metric = :metric, #day = :day${
            sets.length > 0 ? `, ${sets.join(', ')}` : ''
          } ADD ${adds.join(', ')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: {
            ...values,
            ...Object.fromEntries(Object.entries(extra).map(([name, value]) => [`:${name}`, value])),
          },
        },
      };
    };
    const rows = [
      update(
        keys.aggregate(survey.storeId, survey.program, day),
        keys.aggregateListing(survey.storeId, survey.program, day),
      ),
    ];
    if (survey.agent !== undefined) {
      const agentId = survey.agent.id;
      rows.push(
        update(keys.agentAggregate(survey.storeId, survey.program, agentId, day), {
          ...keys.agentAggregateListing(survey.storeId, survey.program, agentId, day),
          agentId,
          // The name the agent had most recently, for the breakdown.
          ...(survey.agent.name ? { agentName: survey.agent.name } : {}),
        }),
      );
    }
    return rows;
  });
}
