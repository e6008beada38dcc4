import { DAY_MS } from '../config/constants.ts';
import { latestPerCustomer, loyaltyFigures } from '../domain/loyalty.ts';
import type { CaseRepository } from '../ports/case-repository.ts';
import type { PurchaseLedger } from '../ports/purchase-ledger.ts';
import { type ReportDeps, type ScopeQuery, scopeOf } from './reports.ts';

export interface LoyaltyDeps extends ReportDeps {
  purchases: Pick<PurchaseLedger, 'ofCustomers'>;
  cases: Pick<CaseRepository, 'get'>;
}

const PARALLEL = 25;

/** Runs `work` over `items`, `PARALLEL` at a time. */
async function inBatches<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += PARALLEL)
    results.push(...(await Promise.all(items.slice(i, i + PARALLEL).map(work))));
  return results;
}

/**
 * What loyalty is worth: the customers surveyed in the period (each once, by their latest survey), by class —
 * promoters, passives, detractors, detractors whose case was resolved, and those who did not answer — with the share
 * who bought again within `window` days after the survey's email, and orders and revenue per customer in that
 * window, per currency. Only surveys whose window has passed count (`pending`: the period's surveys still in theirs), and
 * only purchases at the report's stores. Reads the stores' sent surveys, the detractors' cases and the customers'
 * purchase ledgers (a hundred to a request).
 */
export async function loyaltyReport(deps: LoyaltyDeps, query: Omit<ScopeQuery, 'agentId'> & { window: number }) {
  const { metric, scope } = scopeOf(deps, query);
  const stores =
    scope.storeId !== undefined
      ? [scope.storeId]
      : [...new Set((await deps.reports.aggregates(scope)).map((row) => row.storeId))].sort();
  const sent = (
    await inBatches(stores, (storeId) => deps.reports.surveysSent(storeId, scope.program, scope.from, scope.to))
  ).flat();
  const closedBy = deps.clock.now().getTime() - query.window * DAY_MS;
  const passed = sent.filter((survey) => Date.parse(survey.sentAt) <= closedBy);
  const ready = latestPerCustomer(passed);
  const resolved = new Set(
    (
      await inBatches(
        ready.filter((survey) => survey.answerClass === 'detractor'),
        async (survey) =>
          (await deps.cases.get(survey.surveyId))?.status === 'resolved' ? survey.surveyId : undefined,
      )
    ).filter((id) => id !== undefined),
  );
  const keep = deps.config.retention.surveys;
  const keptAfter = keep === false ? undefined : new Date(deps.clock.now().getTime() - keep).toISOString();
  const purchases = await deps.purchases.ofCustomers(
    ready.map((survey) => survey.customerId),
    keptAfter,
  );
  const counted = new Set(stores);
  const everyStore = scope.storeId === undefined && scope.stores === undefined;
  return {
    scope: { ...scope, window: query.window },
    metric,
    pending: sent.length - passed.length,
    classes: loyaltyFigures(
      ready.map((survey) => ({ survey, resolved: resolved.has(survey.surveyId) })),
      purchases,
      query.window,
      (purchase) => everyStore || counted.has(purchase.storeId),
    ),
  };
}
