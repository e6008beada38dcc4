import * as z from 'zod';
import { caseRef, type DetailOf, defineContract, isoDateTime, schemaVersion } from './contract.ts';
import { DETAIL_TYPES } from './detail-types.ts';

/**
 * Put by closeloop once when a case is resolved, with the owner's note. `resurveyId` names the survey scheduled
 * to ask the customer again, when the store re-surveys after a resolution.
 */
export const FollowUpResolved = defineContract(
  DETAIL_TYPES.followUpResolved,
  1,
  z.object({
    schemaVersion: schemaVersion(1),
    ...caseRef,
    owner: z.string().min(1).max(254),
    resolution: z.string().min(1).max(2000),
    resolvedAt: isoDateTime,
    withinDeadline: z.boolean(),
    escalated: z.boolean(),
    resurveyId: z.string().min(1).optional(),
    rootCause: z.string().min(1).optional().describe('What caused it, from the configured root causes'),
  }),
);

export type FollowUpResolvedDetail = DetailOf<typeof FollowUpResolved>;
