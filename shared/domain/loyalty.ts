import type { AnswerClass } from './answer.ts';
import { ratio } from './reports.ts';

/** One purchase as the loyalty report counts it. */
export interface Purchase {
  orderId: string;
  storeId: string;
  occurredAt: string;
  total: number;
  currency: string;
}

/** A survey whose email went out, as the loyalty report reads it. */
export interface SentSurvey {
  surveyId: string;
  storeId: string;
  customerId: string;
  sentAt: string;
  /** The class of its latest answer; absent while unanswered. */
  answerClass?: AnswerClass | undefined;
}

/** The groups the loyalty report compares; `detractorsResolved` are the detractors whose case was resolved. */
export const LOYALTY_CLASSES = ['promoters', 'passives', 'detractors', 'detractorsResolved', 'nonResponders'] as const;
export type LoyaltyClass = (typeof LOYALTY_CLASSES)[number];

const DAY_MS = 86_400_000;

/** A surveyed customer as the report counts them: their latest survey of the period whose window has passed. */
export interface Surveyed {
  survey: SentSurvey;
  resolved: boolean;
}

/** Each customer once: their latest survey of the period. */
export function latestPerCustomer(surveys: readonly SentSurvey[]): SentSurvey[] {
  const latest = new Map<string, SentSurvey>();
  for (const survey of surveys) {
    const seen = latest.get(survey.customerId);
    if (seen === undefined || survey.sentAt > seen.sentAt) latest.set(survey.customerId, survey);
  }
  return [...latest.values()];
}

function classesOf(surveyed: Surveyed): LoyaltyClass[] {
  switch (surveyed.survey.answerClass) {
    case 'promoter':
      return ['promoters'];
    case 'passive':
      return ['passives'];
    case 'detractor':
      return surveyed.resolved ? ['detractors', 'detractorsResolved'] : ['detractors'];
    default:
      return ['nonResponders'];
  }
}

/**
 * Per class: the customers, the share who bought again within `windowDays` after their survey's email, and per
 * customer the orders and the revenue of that window, per currency (never added across currencies). Purchases count
 * when made after the email and no later than the window's end, at the stores `counts` accepts.
 */
export function loyaltyFigures(
  surveyed: readonly Surveyed[],
  purchases: ReadonlyMap<string, readonly Purchase[]>,
  windowDays: number,
  counts: (purchase: Purchase) => boolean,
) {
  const totals = new Map<
    LoyaltyClass,
    { customers: number; buyers: number; orders: number; revenue: Map<string, number> }
  >(LOYALTY_CLASSES.map((c) => [c, { customers: 0, buyers: 0, orders: 0, revenue: new Map() }]));
  for (const one of surveyed) {
    const from = one.survey.sentAt;
    const to = new Date(Date.parse(from) + windowDays * DAY_MS).toISOString();
    const within = (purchases.get(one.survey.customerId) ?? []).filter(
      (p) => p.occurredAt > from && p.occurredAt <= to && counts(p),
    );
    for (const group of classesOf(one)) {
      const sum = totals.get(group) as NonNullable<ReturnType<typeof totals.get>>;
      sum.customers += 1;
      if (within.length > 0) sum.buyers += 1;
      sum.orders += within.length;
      // In cents, so that sums of prices do not drift.
      for (const p of within)
        sum.revenue.set(p.currency, (sum.revenue.get(p.currency) ?? 0) + Math.round(p.total * 100));
    }
  }
  return LOYALTY_CLASSES.map((group) => {
    const sum = totals.get(group) as NonNullable<ReturnType<typeof totals.get>>;
    return {
      class: group,
      customers: sum.customers,
      repeatRate: ratio(sum.buyers, sum.customers, 100, 1),
      ordersPerCustomer: ratio(sum.orders, sum.customers, 1, 2),
      revenuePerCustomer: [...sum.revenue]
        .sort(([a], [b]) => a.localeCompare(b))
        // A class with revenue has customers: the ratio is never null here.
        .map(([currency, cents]) => ({ currency, amount: ratio(cents, sum.customers * 100, 1, 2) ?? 0 })),
    };
  });
}
