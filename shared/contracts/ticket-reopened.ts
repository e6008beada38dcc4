import * as z from 'zod/mini';
import './zod-mini.ts';
import { type DetailOf, defineContract, externalId, isoDateTime, schemaVersion } from './contract.ts';
import { DETAIL_TYPES } from './detail-types.ts';

/**
 * Put by a business's helpdesk when a solved ticket is reopened: its survey, if not sent yet, is cancelled, and
 * only a `Ticket Closed` after `reopenedAt` schedules it again.
 */
export const TicketReopened = defineContract(DETAIL_TYPES.ticketReopened, 1, () =>
  z.object({
    schemaVersion: schemaVersion(1),
    ticketId: externalId,
    storeId: externalId,
    reopenedAt: isoDateTime,
  }),
);

export type TicketReopenedDetail = DetailOf<typeof TicketReopened>;
