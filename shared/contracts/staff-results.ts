import * as z from 'zod';
import { reportQuery, scope } from './staff-api-basics.ts';

/** The staff API's results reports: did the loop work (`/api/reports/loop`), what loyalty is worth (`/loyalty`). */

export const loopQuery = reportQuery.omit({ agentId: true }).extend({
  owner: z.string().trim().min(1).max(254).optional().describe('Only the cases this person took'),
});
export const loyaltyQuery = reportQuery.omit({ agentId: true }).extend({
  window: z
    .enum(['30', '90', '180'])
    .default('90')
    .describe('Days after each survey in which a purchase counts as buying again')
    .transform(Number),
});
const minutes = z
  .int()
  .nullable()
  .describe(
    'Upper bound of the bucket holding it, in minutes (15, 30, 60, 120, 240, 480, 720, 1440, 2880, 4320, 10080, 20160, 43200); null without cases or past 30 days',
  );
const percent = z.number().nullable();
const loopFigures = z.object({
  cases: z.int().describe('Detractor cases opened in the period (per owner: the cases they took)'),
  reached: percent.describe('Share of those detractors the follow-up email was sent to, in percent (stores only)'),
  acknowledged: z.int().describe('Cases answered: acknowledged, or resolved before anyone acknowledged them'),
  acknowledgedInTime: percent.describe('Share of cases answered within their deadline, in percent'),
  timeToAcknowledge: z.object({ medianMinutes: minutes, p90Minutes: minutes }),
  resolved: percent.describe('Share of cases resolved, in percent'),
  timeToResolve: z.object({ medianMinutes: minutes, p90Minutes: minutes }),
  escalated: percent.describe('Share of cases escalated at their deadline, in percent'),
  recovery: z.object({
    resurveyed: z.int().describe('Customers asked again after their case was resolved, who answered'),
    recovered: percent.describe('Of those, the share who now answer passive or promoter, in percent'),
    meanScoreChange: z.number().nullable().describe('Their mean score change, to two decimals'),
  }),
});
export const loopReport = z.object({
  scope: scope.extend({ owner: z.string().optional() }),
  metric: z.enum(['nps', 'csat']),
  loop: loopFigures,
  byStore: z.array(z.object({ storeId: z.string() }).extend(loopFigures.shape)),
  byOwner: z.array(z.object({ owner: z.string() }).extend(loopFigures.shape)),
  byRootCause: z.array(
    z.object({
      rootCause: z.string(),
      resolved: z.int(),
      resurveyed: z.int(),
      recovered: percent.describe('Of those asked again, the share no longer detractors'),
    }),
  ),
});
export const loyaltyReport = z.object({
  scope: scope.extend({ window: z.int() }),
  metric: z.enum(['nps', 'csat']),
  pending: z.int().describe('Surveys of the period whose window has not passed yet: not counted'),
  classes: z.array(
    z.object({
      class: z.enum(['promoters', 'passives', 'detractors', 'detractorsResolved', 'nonResponders']),
      customers: z.int().describe('Customers surveyed in the period, each once (by their latest survey)'),
      repeatRate: percent.describe('Share who bought again within the window, in percent'),
      ordersPerCustomer: z.number().nullable().describe('Orders in the window per customer, two decimals'),
      revenuePerCustomer: z
        .array(z.object({ currency: z.string(), amount: z.number() }))
        .describe('Revenue in the window per customer of the class, per currency (never added across currencies)'),
    }),
  ),
});
