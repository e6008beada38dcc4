import * as z from 'zod/mini';
import type { SourcesConfig } from '../../config/schema.ts';
import { InvalidInput } from '../../domain/errors.ts';
import { formatIssues } from '../issues.ts';
import { TicketClosed } from '../ticket-closed.ts';
import { TicketReopened } from '../ticket-reopened.ts';
import { builtOnFirstUse } from '../zod-mini.ts';
import type { Mapped } from './mapping.ts';

/**
 * The JSON body of the Zendesk triggers (docs/connect-zendesk.md): Zendesk fills the placeholders, so every
 * value arrives as a string, an unset one as "".
 */
export const ZENDESK_TRIGGER_BODY = {
  event: 'solved',
  ticket: {
    id: '{{ticket.id}}',
    subject: '{{ticket.title}}',
    via: '{{ticket.via}}',
    brand: '{{ticket.brand.name}}',
    created_at: '{{ticket.created_at_with_timestamp}}',
    updated_at: '{{ticket.updated_at_with_timestamp}}',
    requester: {
      id: '{{ticket.requester.id}}',
      email: '{{ticket.requester.email}}',
      name: '{{ticket.requester.name}}',
      locale: '{{ticket.requester.language}}',
    },
    assignee: { id: '{{ticket.assignee.id}}', name: '{{ticket.assignee.name}}' },
  },
} as const;

/** The trigger's body as closeloop reads it: built on the first webhook. */
const zendeskBody = builtOnFirstUse(() => {
  const text = z.pipe(
    z.union([z.string(), z.number()]),
    z.transform((value) => String(value).trim()),
  );
  const optionalText = z.pipe(
    z.optional(text),
    z.transform((value) => (value === '' ? undefined : value)),
  );
  return z.object({
    event: z.enum(['solved', 'reopened']),
    ticket: z.object({
      id: z.pipe(text, z.string().check(z.minLength(1))),
      subject: optionalText,
      via: optionalText,
      brand: optionalText,
      created_at: optionalText,
      updated_at: z.pipe(text, z.string().check(z.minLength(1))),
      requester: z.optional(
        z.object({ id: optionalText, email: optionalText, name: optionalText, locale: optionalText }),
      ),
      assignee: z.optional(z.object({ id: optionalText, name: optionalText })),
    }),
  });
});

/** Zendesk's `via` (Mail, Web form, Chat, Phone call (inbound), Facebook, …) as closeloop's channel. */
export function channelOf(via: string | undefined): string {
  const v = (via ?? '').toLowerCase();
  if (/mail/.test(v)) return 'email';
  if (/chat|messag|sunshine|whatsapp|sms|text/.test(v)) return v.includes('whatsapp') ? 'social' : 'chat';
  if (/phone|voice|call|talk/.test(v)) return 'phone';
  if (/facebook|twitter|instagram|social|\bx\b/.test(v)) return 'social';
  if (/web|form|api|help center/.test(v)) return 'web';
  return 'other';
}

function storeOf(brand: string | undefined, store: NonNullable<SourcesConfig['zendesk']>['store']): string {
  if (typeof store === 'string') return store;
  const mapped = (brand !== undefined ? store.brands[brand] : undefined) ?? store.default;
  if (mapped === undefined)
    throw new InvalidInput(`Brand "${(brand ?? '').slice(0, 100)}" is not mapped to a store (sources.zendesk.store)`);
  return mapped;
}

/**
 * A Zendesk trigger's webhook body → `Ticket Closed` (solved) or `Ticket Reopened`. Throws InvalidInput, with the
 * reason, for a body it cannot map; the contract's own reading then checks the fields as for any producer.
 */
export function mapZendesk(body: unknown, zendesk: NonNullable<SourcesConfig['zendesk']>): Mapped {
  const read = zendeskBody().safeParse(body);
  if (!read.success) throw new InvalidInput('Zendesk body not readable', formatIssues(read.error, 'body'));
  const { event, ticket } = read.data;
  const storeId = storeOf(ticket.brand, zendesk.store);
  if (event === 'reopened')
    return {
      kind: 'event',
      detailType: TicketReopened.detailType,
      detail: { ticketId: ticket.id, storeId, reopenedAt: ticket.updated_at },
      what: `reopened ticket ${ticket.id}`,
    };
  if (ticket.requester?.email === undefined) throw new InvalidInput('The Zendesk ticket has no requester email');
  return {
    kind: 'event',
    detailType: TicketClosed.detailType,
    detail: {
      ticketId: ticket.id,
      storeId,
      customer: {
        id: ticket.requester.id ?? ticket.requester.email,
        email: ticket.requester.email,
        name: ticket.requester.name,
        locale: ticket.requester.locale,
      },
      agent: { id: ticket.assignee?.id ?? 'unassigned', name: ticket.assignee?.name },
      channel: channelOf(ticket.via),
      subject: ticket.subject,
      openedAt: ticket.created_at ?? ticket.updated_at,
      closedAt: ticket.updated_at,
    },
    what: `solved ticket ${ticket.id}`,
  };
}
