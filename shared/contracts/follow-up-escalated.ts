import * as z from 'zod/mini';
import './zod-mini.ts';
import { type DetailOf, defineContract, isoDateTime, schemaVersion } from './contract.ts';
import { DETAIL_TYPES } from './detail-types.ts';
import { caseRef } from './event-refs.ts';

/** Put by closeloop once when a case is still unacknowledged at its deadline; `notified` counts the emails sent. */
export const FollowUpEscalated = defineContract(DETAIL_TYPES.followUpEscalated, 1, () =>
  z.object({
    schemaVersion: schemaVersion(1),
    ...caseRef(),
    escalatedAt: isoDateTime,
    notified: z.int().check(z.minimum(0)),
  }),
);

export type FollowUpEscalatedDetail = DetailOf<typeof FollowUpEscalated>;
