import * as z from 'zod/mini';
import './zod-mini.ts';
import { type DetailOf, defineContract, isoDateTime, schemaVersion } from './contract.ts';
import { DETAIL_TYPES } from './detail-types.ts';
import { caseRef } from './event-refs.ts';

/** Put by closeloop once when a member of staff takes a case: from then on it is theirs and never escalates. */
export const FollowUpAcknowledged = defineContract(DETAIL_TYPES.followUpAcknowledged, 1, () =>
  z.object({
    schemaVersion: schemaVersion(1),
    ...caseRef(),
    owner: z.string().check(z.minLength(1), z.maxLength(254)),
    acknowledgedAt: isoDateTime,
    withinDeadline: z.boolean(),
  }),
);

export type FollowUpAcknowledgedDetail = DetailOf<typeof FollowUpAcknowledged>;
