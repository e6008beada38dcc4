import * as z from 'zod/mini';
import './zod-mini.ts';
import { isoDateTime } from './contract.ts';

/**
 * The send queue's message: send (or decide to skip) one email of a survey, deciding eligibility as of `asOf` —
 * the time of the sweep that found it due, or of the event when it was due at once.
 */
export const sendRequest = z.object({
  surveyId: z.string().check(z.minLength(1), z.maxLength(64)),
  step: z.enum(['survey', 'reminder']),
  asOf: isoDateTime,
});

export type SendRequest = z.output<typeof sendRequest>;
