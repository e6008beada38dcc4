import * as z from 'zod/mini';
import { scope } from './staff-api-basics.ts';
import { described } from './zod-mini.ts';

/**
 * The staff API's results reports as they answer: did the loop work (`/api/reports/loop`), what loyalty is worth
 * (`/loyalty`); their queries are in `staff-reports-api.ts`.
 */

const minutes = described(
  z.nullable(z.int()),
  'Upper bound of the bucket holding it, in minutes (15, 30, 60, 120, 240, 480, 720, 1440, 2880, 4320, 10080, 20160, 43200); null without cases or past 30 days',
);
const percent = z.nullable(z.number());
const loopFigures = z.object({
  cases: described(z.int(), 'Detractor cases opened in the period (per owner: the cases they took)'),
  reached: described(percent, 'Share of those detractors the follow-up email was sent to, in percent (stores only)'),
  acknowledged: described(z.int(), 'Cases answered: acknowledged, or resolved before anyone acknowledged them'),
  acknowledgedInTime: described(percent, 'Share of cases answered within their deadline, in percent'),
  timeToAcknowledge: z.object({ medianMinutes: minutes, p90Minutes: minutes }),
  resolved: described(percent, 'Share of cases resolved, in percent'),
  timeToResolve: z.object({ medianMinutes: minutes, p90Minutes: minutes }),
  escalated: described(percent, 'Share of cases escalated at their deadline, in percent'),
  recovery: z.object({
    resurveyed: described(z.int(), 'Customers asked again after their case was resolved, who answered'),
    recovered: described(percent, 'Of those, the share who now answer passive or promoter, in percent'),
    meanScoreChange: described(z.nullable(z.number()), 'Their mean score change, to two decimals'),
  }),
});
export const loopReport = z.object({
  scope: z.extend(scope, { owner: z.optional(z.string()) }),
  metric: z.enum(['nps', 'csat']),
  loop: loopFigures,
  byStore: z.array(z.extend(z.object({ storeId: z.string() }), loopFigures.shape)),
  byOwner: z.array(z.extend(z.object({ owner: z.string() }), loopFigures.shape)),
  byRootCause: z.array(
    z.object({
      rootCause: z.string(),
      resolved: z.int(),
      resurveyed: z.int(),
      recovered: described(percent, 'Of those asked again, the share no longer detractors'),
    }),
  ),
});
export const loyaltyReport = z.object({
  scope: z.extend(scope, { window: z.int() }),
  metric: z.enum(['nps', 'csat']),
  pending: described(z.int(), 'Surveys of the period whose window has not passed yet: not counted'),
  classes: z.array(
    z.object({
      class: z.enum(['promoters', 'passives', 'detractors', 'detractorsResolved', 'nonResponders']),
      customers: described(z.int(), 'Customers surveyed in the period, each once (by their latest survey)'),
      repeatRate: described(percent, 'Share who bought again within the window, in percent'),
      ordersPerCustomer: described(z.nullable(z.number()), 'Orders in the window per customer, two decimals'),
      revenuePerCustomer: described(
        z.array(z.object({ currency: z.string(), amount: z.number() })),
        'Revenue in the window per customer of the class, per currency (never added across currencies)',
      ),
    }),
  ),
});
