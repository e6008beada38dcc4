import * as z from 'zod';
import { type DetailOf, defineContract, externalId, isoDateTime, locale, schemaVersion } from './contract.ts';
import { DETAIL_TYPES } from './detail-types.ts';

/**
 * Put by closeloop once per answer a customer gives or changes. `replaced` says it supersedes an earlier answer
 * to the same survey (aggregates moved with it); consumers key on `surveyId` + `version`.
 */
export const SurveyAnswered = defineContract(
  DETAIL_TYPES.surveyAnswered,
  1,
  z.object({
    schemaVersion: schemaVersion(1),
    surveyId: z.string().min(1),
    version: z.number().int().positive(),
    program: z.string().min(1),
    metric: z.enum(['nps', 'csat', 'ces']),
    storeId: externalId,
    customerId: externalId,
    agentId: externalId.optional(),
    trigger: z.object({ type: z.enum(['order', 'ticket']), id: externalId }),
    locale,
    score: z.number().int(),
    class: z.enum(['promoter', 'passive', 'detractor']),
    ces: z.number().int().min(1).max(7).optional(),
    comment: z.string().max(2000).optional(),
    reasons: z.array(z.string()).optional().describe("The reasons the customer picked (the program's reason ids)"),
    themes: z.array(z.string()).optional().describe('The themes the comment mentions (the configured taxonomy)'),
    sentiment: z
      .enum(['positive', 'neutral', 'negative', 'mixed'])
      .optional()
      .describe('How the comment sounds, when Amazon Bedrock classified it'),
    channel: z.enum(['web', 'email']),
    replaced: z.boolean(),
    previousScore: z.number().int().optional(),
    answeredAt: isoDateTime,
  }),
);

export type SurveyAnsweredDetail = DetailOf<typeof SurveyAnswered>;
