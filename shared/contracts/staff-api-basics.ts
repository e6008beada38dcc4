import * as z from 'zod';
import { externalId } from './contract.ts';

/** What every report route of the staff API shares: days, the period, the program, the report's scope. */

export const day = z.iso.date().describe('A UTC date, yyyy-mm-dd; the period includes it');
export const period = {
  from: day.optional().describe('First day of the period (UTC), yyyy-mm-dd; default: 29 days before `to`'),
  to: day.optional().describe('Last day of the period (UTC), yyyy-mm-dd; default: today'),
};
export const programId = z.string().min(1).max(64).describe('A configured program id, such as purchase-nps');

export const reportQuery = z.strictObject({
  program: programId,
  storeId: externalId.optional().describe('Only this store'),
  agentId: externalId.optional().describe('Only this support agent (ticket programs)'),
  ...period,
});
export const scope = z.object({
  program: z.string(),
  storeId: z.string().optional(),
  stores: z
    .array(z.string())
    .optional()
    .describe('The stores read when none was asked for and the caller may see only these'),
  agentId: z.string().optional(),
  from: day,
  to: day,
});
