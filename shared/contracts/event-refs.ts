import * as z from 'zod/mini';
import { externalId, isoDateTime } from './contract.ts';
import { builtOnFirstUse } from './zod-mini.ts';

/** Which survey an outbound event is about: the fields every "Survey …" event opens with. */
export const surveyRef = builtOnFirstUse(() => ({
  surveyId: z.string().check(z.minLength(1)),
  program: z.string().check(z.minLength(1)),
  metric: z.enum(['nps', 'csat', 'ces']),
  storeId: externalId,
  customerId: externalId,
  trigger: z.object({ type: z.enum(['order', 'ticket']), id: externalId }),
}));

/** Which follow-up case an outbound event is about: the fields every "Follow-up …" event opens with. */
export const caseRef = builtOnFirstUse(() => ({
  caseId: z.string().check(z.minLength(1)),
  surveyId: z.string().check(z.minLength(1)),
  program: z.string().check(z.minLength(1)),
  storeId: externalId,
  customerId: externalId,
  trigger: z.object({ type: z.enum(['order', 'ticket']), id: externalId }),
  dueAt: isoDateTime,
}));
