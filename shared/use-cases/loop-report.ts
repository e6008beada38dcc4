import { loopFigures, rootCauseFigures, sumCounters } from '../domain/loop-report.ts';
import type { AggregateRow } from '../domain/reports.ts';
import { type ReportDeps, type ScopeQuery, scopeOf } from './reports.ts';

/** Rows grouped by a key, in the order their keys first appear. */
function groupBy(rows: readonly AggregateRow[], key: (row: AggregateRow) => string | undefined) {
  const groups = new Map<string, AggregateRow[]>();
  for (const row of rows) {
    const id = key(row);
    if (id !== undefined) groups.set(id, [...(groups.get(id) ?? []), row]);
  }
  return groups;
}

/**
 * Did the loop work: of the detractors' cases opened in the period (each counted on the day it opened, however
 * long it took), the share answered within the deadline, the time to the first response and to the resolution
 * (median and 90th percentile, to the bucket), the share resolved and escalated, the share of detractors the
 * follow-up email reached, and of the customers asked again after a resolution, the share no longer detractors
 * and the mean change of score. Per store, per owner and per root cause. With `owner`, the cases that person took.
 * Two queries of aggregate rows, whatever the number of cases.
 */
export async function loopReport(
  deps: ReportDeps,
  query: Omit<ScopeQuery, 'agentId'> & { owner?: string | undefined },
) {
  const { metric, scope } = scopeOf(deps, query);
  const [storeRows, allOwnerRows] = await Promise.all([
    deps.reports.aggregates(scope),
    deps.reports.ownerAggregates(scope),
  ]);
  const ownerRows = query.owner === undefined ? allOwnerRows : allOwnerRows.filter((row) => row.owner === query.owner);
  // With an owner named, everything is of the cases they took; otherwise of every case opened.
  const [rows, basis] = query.owner === undefined ? [storeRows, 'opened' as const] : [ownerRows, 'taken' as const];
  const counters = sumCounters(rows);
  const byCases = <T extends { cases: number }>(a: T & { id: string }, b: T & { id: string }) =>
    b.cases - a.cases || a.id.localeCompare(b.id);
  return {
    scope: { ...scope, ...(query.owner !== undefined ? { owner: query.owner } : {}) },
    metric,
    loop: loopFigures(counters, basis),
    byStore: [...groupBy(rows, (row) => row.storeId)]
      .map(([id, group]) => ({ id, storeId: id, ...loopFigures(sumCounters(group), basis) }))
      .sort(byCases)
      .map(({ id: _id, ...row }) => row),
    byOwner: [...groupBy(ownerRows, (row) => row.owner)]
      .map(([id, group]) => ({ id, owner: id, ...loopFigures(sumCounters(group), 'taken') }))
      .sort(byCases)
      .map(({ id: _id, ...row }) => row),
    byRootCause: rootCauseFigures(counters),
  };
}
