import * as z from 'zod/mini';
import { type DetailOf, defineContract, isoDateTime, schemaVersion } from './contract.ts';
import { DETAIL_TYPES } from './detail-types.ts';
import { caseRef } from './event-refs.ts';
import { described } from './zod-mini.ts';

/**
 * Put by closeloop once when a case is resolved, with the owner's note. `resurveyId` names the survey scheduled
 * to ask the customer again, when the store re-surveys after a resolution.
 */
export const FollowUpResolved = defineContract(DETAIL_TYPES.followUpResolved, 1, () =>
  z.object({
    schemaVersion: schemaVersion(1),
    ...caseRef(),
    owner: z.string().check(z.minLength(1), z.maxLength(254)),
    resolution: z.string().check(z.minLength(1), z.maxLength(2000)),
    resolvedAt: isoDateTime,
    withinDeadline: z.boolean(),
    escalated: z.boolean(),
    resurveyId: z.optional(z.string().check(z.minLength(1))),
    rootCause: described(
      z.optional(z.string().check(z.minLength(1))),
      'What caused it, from the configured root causes',
    ),
  }),
);

export type FollowUpResolvedDetail = DetailOf<typeof FollowUpResolved>;
