import * as z from 'zod/mini';
import { type DetailOf, defineContract, externalId, isoDateTime, schemaVersion } from './contract.ts';
import { DETAIL_TYPES } from './detail-types.ts';
import { described } from './zod-mini.ts';

const period = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  responses: z.int().check(z.minimum(0)),
  score: described(z.number(), 'NPS (−100…100) or CSAT % (0…100), one decimal'),
});

/**
 * Put by closeloop at most once per store, program and ISO week, when the score of the last 7 days fell by the
 * configured points (`scoreDrop`) against the 28 days before. `chatText` is what the store's chat gets.
 */
export const ScoreDropped = defineContract(DETAIL_TYPES.scoreDropped, 1, () =>
  z.object({
    schemaVersion: schemaVersion(1),
    storeId: externalId,
    program: z.string(),
    metric: z.enum(['nps', 'csat']),
    week: described(z.string().check(z.regex(/^\d{4}-W\d{2}$/)), 'The ISO week of the check, such as 2026-W48'),
    recent: period,
    baseline: period,
    drop: described(z.number(), 'Points the score fell by'),
    detectedAt: isoDateTime,
    chatText: z.string().check(z.maxLength(4000)),
  }),
);

export type ScoreDroppedDetail = DetailOf<typeof ScoreDropped>;
