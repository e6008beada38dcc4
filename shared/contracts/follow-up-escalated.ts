import * as z from 'zod';
import { caseRef, type DetailOf, defineContract, isoDateTime, schemaVersion } from './contract.ts';

/** Put by closeloop once when a case is still unacknowledged at its deadline; `notified` counts the emails sent. */
export const FollowUpEscalated = defineContract(
  'Follow-up Escalated',
  1,
  z.object({
    schemaVersion: schemaVersion(1),
    ...caseRef,
    escalatedAt: isoDateTime,
    notified: z.number().int().min(0),
  }),
);

export type FollowUpEscalatedDetail = DetailOf<typeof FollowUpEscalated>;
