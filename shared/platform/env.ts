import * as z from 'zod';
import { formatIssues } from '../contracts/issues.ts';
import {
  BINDING_ENV,
  type BindingsOf,
  type ConsumerId,
  describedFunction,
  type EnvBinding,
  type FunctionId,
  INVOCATION_ENV,
  isEnvBinding,
  type MailReceiverId,
  wiring,
} from '../topology/wiring.ts';

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

export const httpsOrLocalUrl = z
  .url()
  .refine((url) => url.startsWith('https://') || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(url), {
    message: 'must be https, or http on loopback for local runs',
  })
  .transform((url) => url.replace(/\/+$/, ''));

const json = <Schema extends z.ZodType>(schema: Schema) =>
  z
    .string()
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);

/** How staff get a token: Cognito's hosted sign-in in AWS, a pasted token locally. */
export const staffSignIn = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cognito'), domain: z.url(), clientId: z.string().min(1) }),
  z.object({ kind: z.literal('token') }),
]);

/** What each binding's variable must hold. */
const bindingValue = {
  table: z.string().min(1),
  bus: z.string().min(1),
  mail: z.string().min(1),
  signingKeys: z.string().min(1),
  publicBaseUrl: httpsOrLocalUrl,
  config: z.string().min(1),
  inboundMail: z.string().min(1),
  sendQueue: z.url(),
  staffSignIn: json(staffSignIn),
  sourceSecrets: json(z.record(z.string(), z.string())),
} satisfies Record<EnvBinding, z.ZodType>;

const invocationValue = {
  deadLetterQueue: z.url(),
  maxReceiveCount: z.coerce.number().int().min(1).max(1000),
};

type BindingEnv<Id extends FunctionId> = {
  [B in BindingsOf<Id> & EnvBinding as (typeof BINDING_ENV)[B]]: z.output<(typeof bindingValue)[B]>;
};
type InvocationEnv<Id extends FunctionId> = Id extends ConsumerId
  ? { DEAD_LETTER_QUEUE_URL: string; MAX_RECEIVE_COUNT: number }
  : Id extends MailReceiverId
    ? { DEAD_LETTER_QUEUE_URL: string }
    : unknown;
export type FunctionEnv<Id extends FunctionId> = BindingEnv<Id> & InvocationEnv<Id>;

/**
 * The environment of one function of the wiring, read and checked once at cold start: exactly the variables its
 * bindings and its kind of invocation set, on both sides (the CDK stack and the local runtime set them from the
 * same wiring). A handler cannot read a variable its stack does not set: the type has no such key.
 */
export function functionEnv<Id extends FunctionId>(id: Id, source: NodeJS.ProcessEnv = process.env): FunctionEnv<Id> {
  const definition = describedFunction(id);
  const shape: Record<string, z.ZodType> = {};
  for (const binding of definition.bindings.filter(isEnvBinding)) shape[BINDING_ENV[binding]] = bindingValue[binding];
  const consumer = wiring.consumers.some((fn) => fn.id === id);
  if (consumer || wiring.mail.some((fn) => fn.id === id))
    shape[INVOCATION_ENV.deadLetterQueue] = invocationValue.deadLetterQueue;
  if (consumer) shape[INVOCATION_ENV.maxReceiveCount] = invocationValue.maxReceiveCount;
  return readEnv(shape, source) as FunctionEnv<Id>;
}
