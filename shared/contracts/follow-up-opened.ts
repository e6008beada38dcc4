import * as z from 'zod/mini';
import './zod-mini.ts';
import { type DetailOf, defineContract, isoDateTime, schemaVersion } from './contract.ts';
import { DETAIL_TYPES } from './detail-types.ts';
import { caseRef } from './event-refs.ts';

/** Put by closeloop once when a detractor's follow-up case opens, due at `dueAt`. Consumers key on `caseId`. */
export const FollowUpOpened = defineContract(DETAIL_TYPES.followUpOpened, 1, () =>
  z.object({
    schemaVersion: schemaVersion(1),
    ...caseRef(),
    score: z.int(),
    openedAt: isoDateTime,
  }),
);

export type FollowUpOpenedDetail = DetailOf<typeof FollowUpOpened>;
