import * as z from 'zod/mini';
import { type DetailOf, defineContract, externalId, isoDateTime, schemaVersion } from './contract.ts';
import { DETAIL_TYPES } from './detail-types.ts';
import { customer, lenient, lenientName } from './inbound-fields.ts';
import { described } from './zod-mini.ts';

/** Put by a business's helpdesk when a support ticket is solved: the classic trigger of a CSAT survey. */
export const TicketClosed = defineContract(DETAIL_TYPES.ticketClosed, 1, () =>
  z.object({
    schemaVersion: schemaVersion(1),
    ticketId: externalId,
    storeId: externalId,
    customer: customer(),
    agent: z.object({ id: externalId, name: lenientName('agent.name') }),
    channel: z.enum(['email', 'chat', 'phone', 'web', 'social', 'in-person', 'other']),
    subject: lenient(
      'subject',
      z.pipe(
        z.string(),
        z.transform((text) =>
          text
            // biome-ignore lint/suspicious/noControlCharactersInRegex: line breaks become spaces
            .replace(/[\u0000-\u001f\u007f]+/g, ' ')
            .trim()
            .slice(0, 500),
        ),
      ),
      'The ticket subject; line breaks become spaces and only the first 500 characters are kept.',
    ),
    openedAt: described(
      isoDateTime,
      'When the ticket was opened, as the helpdesk’s clock says: kept as given, even after closedAt (clocks differ).',
    ),
    closedAt: isoDateTime,
    survey: described(z._default(z.boolean(), true), 'false opts this event out of every survey program.'),
  }),
);

export type TicketClosedDetail = DetailOf<typeof TicketClosed>;
