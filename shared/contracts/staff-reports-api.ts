import * as z from 'zod/mini';
import { externalId } from './contract.ts';
import { period, programId, reportQuery } from './staff-api-basics.ts';
import { builtOnFirstUse, described } from './zod-mini.ts';

/**
 * What the report routes of the staff API accept, and the programs list (`staff-api.ts` documents them). Each is
 * built on first use: StaffReports serves eleven routes, and a cold start built every route's schema (~5 ms).
 */

export const trendQuery = builtOnFirstUse(() =>
  z.extend(reportQuery, {
    interval: described(z._default(z.enum(['day', 'week']), 'day'), 'One point per day, or per ISO week (from Monday)'),
  }),
);
export const breakdownQuery = builtOnFirstUse(() =>
  z.extend(z.omit(reportQuery, { agentId: true }), {
    by: described(z.enum(['store', 'agent']), 'One row per store, or per support agent'),
  }),
);
export const driversQuery = builtOnFirstUse(() =>
  z.extend(reportQuery, {
    interval: described(
      z._default(z.enum(['day', 'week']), 'week'),
      "Each row's trend: one point per day, or per ISO week",
    ),
  }),
);
export const answerClass = z.enum(['detractor', 'passive', 'promoter']);
export const commentsQuery = builtOnFirstUse(() =>
  z.strictObject({
    program: z.optional(programId),
    storeId: z.optional(externalId),
    agentId: z.optional(externalId),
    class: described(z.optional(answerClass), 'Only answers of this class'),
    q: described(
      z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
      'Only comments containing this text, in any case',
    ),
    theme: described(
      z.optional(z.string().check(z.minLength(1), z.maxLength(32))),
      'Only answers whose comment has this theme',
    ),
    reason: described(
      z.optional(z.string().check(z.minLength(1), z.maxLength(32))),
      'Only answers that give this reason',
    ),
    ...period,
    limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 25),
    cursor: described(z.optional(z.string().check(z.maxLength(2000))), 'The `cursor` of the previous page'),
  }),
);
export const exportQuery = builtOnFirstUse(() =>
  z.extend(z.omit(commentsQuery(), { q: true, limit: true }), {
    class: z.optional(answerClass),
  }),
);

/** What the dashboard offers to choose from: the configured programs and stores, and whether sources are connected. */
export const programsList = builtOnFirstUse(() =>
  z.object({
    programs: z.array(z.object({ id: z.string(), metric: z.enum(['nps', 'csat']) })),
    stores: described(z.array(z.string()), 'Stores named in the configuration; reports also cover stores that are not'),
    sources: described(
      z.boolean(),
      'Whether any source (Shopify, Zendesk, a webhook) is connected and the caller may see sources',
    ),
    access: described(
      z.object({
        allStores: described(z.boolean(), 'Whether the caller sees every store (the `all-stores` group)'),
        stores: described(z.array(z.string()), 'The stores the caller may see, when not every store'),
      }),
      "The caller's store access, from their groups",
    ),
    rootCauses: described(z.array(z.string()), 'What staff may give as a resolved case’s root cause'),
  }),
);

/** Did the loop work (`/api/reports/loop`): of one owner's cases, or everyone's. */
export const loopQuery = builtOnFirstUse(() =>
  z.extend(z.omit(reportQuery, { agentId: true }), {
    owner: described(
      z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(254))),
      'Only the cases this person took',
    ),
  }),
);
export const loyaltyQuery = builtOnFirstUse(() =>
  z.extend(z.omit(reportQuery, { agentId: true }), {
    window: z.pipe(
      described(
        z._default(z.enum(['30', '90', '180']), '90'),
        'Days after each survey in which a purchase counts as buying again',
      ),
      z.transform(Number),
    ),
  }),
);
