import * as z from 'zod';

import { DAY_MS } from './constants.ts';

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: DAY_MS } as const;

/**
 * A duration as people write it in the configuration: `0s`, `90m`, `24h`, `7d`. Parsed to milliseconds, so the
 * rest of closeloop never converts units.
 */
export const duration = z
  .string()
  .regex(/^\d{1,5}[smhd]$/, 'a duration such as 0s, 90m, 24h or 7d')
  .transform((text) => Number(text.slice(0, -1)) * UNIT_MS[text.slice(-1) as keyof typeof UNIT_MS]);
