import * as z from 'zod/mini';
import { externalId } from './contract.ts';
import { programId } from './staff-api-basics.ts';
import { builtOnFirstUse, described } from './zod-mini.ts';

/**
 * The follow-up cases' routes of the staff API (`staff-api.ts` documents them): what they accept and answer. Each is
 * built on first use: StaffCases reads only the list's query, the rest are for the document.
 */

export const casesQuery = builtOnFirstUse(() =>
  z.strictObject({
    storeId: described(z.optional(externalId), "One store's cases; every store's when absent"),
    owner: described(z.optional(z.string().check(z.minLength(1), z.maxLength(254))), 'Only cases this person took'),
    program: described(z.optional(programId), 'Only cases of this program'),
    status: z.pipe(
      z.pipe(
        described(z._default(z.string(), 'open,acknowledged'), 'Comma-separated: open, acknowledged, resolved'),
        z.transform((value) => value.split(',')),
      ),
      z.array(z.enum(['open', 'acknowledged', 'resolved'])).check(z.minLength(1)),
    ),
    overdue: z.pipe(
      described(z._default(z.enum(['true', 'false']), 'false'), 'Only cases past their deadline'),
      z.transform((value) => value === 'true'),
    ),
    limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 50),
  }),
);
export const followUpCase = builtOnFirstUse(() =>
  z.looseObject({
    id: z.string(),
    surveyId: z.string(),
    storeId: z.string(),
    status: z.enum(['open', 'acknowledged', 'resolved']),
    openedAt: z.iso.datetime(),
    dueAt: z.iso.datetime(),
    owner: z.optional(z.string()),
    resolution: z.optional(z.string()),
    rootCause: z.optional(z.string()),
  }),
);
export const caseList = builtOnFirstUse(() => z.object({ cases: z.array(followUpCase()) }));
export const caseAction = builtOnFirstUse(() =>
  z.object({ outcome: z.enum(['changed', 'unchanged']), case: followUpCase() }),
);
export const acknowledgeBody = builtOnFirstUse(() =>
  z.object({
    owner: described(
      z.optional(z.string().check(z.minLength(1), z.maxLength(254))),
      'Who takes the case; default: the signed-in staff member',
    ),
  }),
);
export const resolveBody = builtOnFirstUse(() =>
  z.extend(acknowledgeBody(), {
    resolution: z.string().check(z.minLength(1), z.maxLength(2000)),
    rootCause: described(
      z.optional(z.string().check(z.minLength(1), z.maxLength(32))),
      'What caused it: one of the configured root causes',
    ),
  }),
);
