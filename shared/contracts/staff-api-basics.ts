import * as z from 'zod/mini';
import { externalId } from './contract.ts';
import { described } from './zod-mini.ts';

/** What every report route of the staff API shares: days, the period, the program, the report's scope. */

export const day = described(z.iso.date(), 'A UTC date, yyyy-mm-dd; the period includes it');
export const period = {
  from: described(z.optional(day), 'First day of the period (UTC), yyyy-mm-dd; default: 29 days before `to`'),
  to: described(z.optional(day), 'Last day of the period (UTC), yyyy-mm-dd; default: today'),
};
export const programId = described(
  z.string().check(z.minLength(1), z.maxLength(64)),
  'A configured program id, such as purchase-nps',
);

export const reportQuery = z.strictObject({
  program: programId,
  storeId: described(z.optional(externalId), 'Only this store'),
  agentId: described(z.optional(externalId), 'Only this support agent (ticket programs)'),
  ...period,
});
export const scope = z.object({
  program: z.string(),
  storeId: z.optional(z.string()),
  stores: described(
    z.optional(z.array(z.string())),
    'The stores read when none was asked for and the caller may see only these',
  ),
  agentId: z.optional(z.string()),
  from: day,
  to: day,
});
