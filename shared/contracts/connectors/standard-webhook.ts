import * as z from 'zod/mini';
import { InvalidInput } from '../../domain/errors.ts';
import { inboundContracts } from '../inbound.ts';
import { formatIssues } from '../issues.ts';
import { builtOnFirstUse } from '../zod-mini.ts';
import type { Mapped } from './mapping.ts';

/** A Standard Webhooks body for closeloop: one of its inbound contracts, named by detail-type, and its detail. */
const envelope = builtOnFirstUse(() =>
  z.object({
    type: z.enum(inboundContracts.map((contract) => contract.detailType) as [string, ...string[]]),
    data: z.record(z.string(), z.unknown()),
  }),
);

/** `{"type": "Purchase Completed", "data": {…}}` → that event, exactly as a PutEvents would put it. */
export function mapStandardWebhook(body: unknown): Mapped {
  const read = envelope().safeParse(body);
  if (!read.success) throw new InvalidInput('Webhook body not readable', formatIssues(read.error, 'body'));
  const { type, data } = read.data;
  const idOf = ['orderId', 'ticketId', 'customerId'].map((field) => data[field]).find((v) => typeof v === 'string');
  return {
    kind: 'event',
    detailType: type,
    detail: data,
    what: `${type}${idOf ? ` ${String(idOf).slice(0, 128)}` : ''}`,
  };
}
