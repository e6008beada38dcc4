import * as z from 'zod';
import { formatIssues } from '../contracts/issues.ts';

/**
 * Reads and checks the environment once, at cold start. A missing or malformed variable stops the function
 * before it takes any event, with a message naming the variable.
 */
export function readEnv<Shape extends z.ZodRawShape>(shape: Shape, source: NodeJS.ProcessEnv = process.env) {
  const result = z.object(shape).safeParse(source);
  if (!result.success) {
    throw new Error(`Invalid function environment:\n  ${formatIssues(result.error).join('\n  ')}`);
  }
  return result.data;
}

/** Variables every queue consumer has. */
export const queueConsumerEnv = {
  DEAD_LETTER_QUEUE_URL: z.url(),
  MAX_RECEIVE_COUNT: z.coerce.number().int().min(1).max(1000),
};

export const httpsOrLocalUrl = z
  .url()
  .refine((url) => url.startsWith('https://') || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(url), {
    message: 'must be https, or http on loopback for local runs',
  })
  .transform((url) => url.replace(/\/+$/, ''));

/** Variables of every function that opens surveys from their signed links. */
export const surveyLinkEnv = {
  TABLE_NAME: z.string().min(1),
  SIGNING_KEY_SECRET_ID: z.string().min(1),
  CLOSELOOP_CONFIG_FILE: z.string().min(1),
};
