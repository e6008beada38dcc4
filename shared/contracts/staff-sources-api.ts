import * as z from 'zod/mini';
import { described } from './zod-mini.ts';

/** The sources' route of the staff API (`staff-api.ts` documents it): what it answers. */

const outcomes = described(
  z.object({ mapped: z.int(), refused: z.int(), ignored: z.int() }),
  'Deliveries put on the bus as store events, refused (with a reason), and ignored (topics closeloop does not read, redeliveries)',
);
export const sourcesList = z.object({
  sources: z.array(
    z.object({
      sourceId: described(
        z.string(),
        'shopify, zendesk, or a sources.webhooks id (its route is POST /hooks/{sourceId})',
      ),
      kind: z.enum(['shopify', 'zendesk', 'standard-webhooks']),
      lastEventAt: described(z.optional(z.iso.datetime()), 'The latest delivery, whatever became of it'),
      lastOutcome: z.optional(z.enum(['mapped', 'refused', 'ignored'])),
      last24Hours: described(outcomes, 'This hour and the 23 before it (UTC)'),
      last30Days: outcomes,
      latestRefusals: described(
        z.array(z.object({ at: z.iso.datetime(), reason: z.string(), what: z.optional(z.string()) })),
        'The ten latest refusals of the last 30 days, newest first',
      ),
    }),
  ),
});
