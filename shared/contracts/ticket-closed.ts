import * as z from 'zod';
import {
  customer,
  type DetailOf,
  defineContract,
  externalId,
  isoDateTime,
  personName,
  schemaVersion,
} from './contract.ts';

/** Put by a business's helpdesk when a support ticket is solved: the classic trigger of a CSAT survey. */
export const TicketClosed = defineContract(
  'Ticket Closed',
  1,
  z
    .object({
      schemaVersion: schemaVersion(1),
      ticketId: externalId,
      storeId: externalId,
      customer,
      agent: z.object({ id: externalId, name: personName.optional() }),
      channel: z.enum(['email', 'chat', 'phone', 'web', 'social', 'in-person', 'other']),
      subject: z.string().trim().max(500).optional(),
      openedAt: isoDateTime,
      closedAt: isoDateTime,
      survey: z.boolean().default(true).describe('false opts this event out of every survey program.'),
    })
    .refine((ticket) => Date.parse(ticket.closedAt) >= Date.parse(ticket.openedAt), {
      message: 'closedAt must not be before openedAt',
      path: ['closedAt'],
    }),
);

export type TicketClosedDetail = DetailOf<typeof TicketClosed>;
