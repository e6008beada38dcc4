import * as z from 'zod/mini';
import { type DetailOf, defineContract, externalId, isoDateTime, locale, schemaVersion } from './contract.ts';
import { DETAIL_TYPES } from './detail-types.ts';
import { described } from './zod-mini.ts';

/**
 * Put by closeloop once per answer a customer gives or changes. `replaced` says it supersedes an earlier answer
 * to the same survey (aggregates moved with it); consumers key on `surveyId` + `version`.
 */
export const SurveyAnswered = defineContract(DETAIL_TYPES.surveyAnswered, 1, () =>
  z.object({
    schemaVersion: schemaVersion(1),
    surveyId: z.string().check(z.minLength(1)),
    version: z.int().check(z.positive()),
    program: z.string().check(z.minLength(1)),
    metric: z.enum(['nps', 'csat', 'ces']),
    storeId: externalId,
    customerId: externalId,
    agentId: z.optional(externalId),
    trigger: z.object({ type: z.enum(['order', 'ticket']), id: externalId }),
    locale,
    score: z.int(),
    class: z.enum(['promoter', 'passive', 'detractor']),
    ces: z.optional(z.int().check(z.minimum(1), z.maximum(7))),
    comment: z.optional(z.string().check(z.maxLength(2000))),
    reasons: described(z.optional(z.array(z.string())), "The reasons the customer picked (the program's reason ids)"),
    themes: described(z.optional(z.array(z.string())), 'The themes the comment mentions (the configured taxonomy)'),
    sentiment: described(
      z.optional(z.enum(['positive', 'neutral', 'negative', 'mixed'])),
      'How the comment sounds, when Amazon Bedrock classified it',
    ),
    channel: z.enum(['web', 'email']),
    replaced: z.boolean(),
    previousScore: z.optional(z.int()),
    answeredAt: isoDateTime,
  }),
);

export type SurveyAnsweredDetail = DetailOf<typeof SurveyAnswered>;
