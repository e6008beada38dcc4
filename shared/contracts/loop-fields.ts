import * as z from 'zod/mini';
import { externalId, isoDateTime, locale, personName } from './contract.ts';
import { builtOnFirstUse } from './zod-mini.ts';

/** The customer, as closeloop's own events carry it (already read, so exactly so). */
export const knownCustomer = builtOnFirstUse(() =>
  z.object({
    id: externalId,
    email: z.email().check(z.maxLength(254)),
    name: z.optional(personName),
    locale: z.optional(locale),
  }),
);

/** The answer that made the customer a detractor (or a promoter), as the loop's events carry it. */
export const answerOf = builtOnFirstUse(() => ({
  metric: z.enum(['nps', 'csat']),
  score: z.int(),
  scale: z.object({ min: z.int(), max: z.int() }),
  ces: z.optional(z.int().check(z.minimum(1), z.maximum(7))),
  comment: z.optional(z.string().check(z.maxLength(2000))),
  reasons: z.optional(z.array(z.string())),
  themes: z.optional(z.array(z.string())),
  answeredAt: isoDateTime,
}));
