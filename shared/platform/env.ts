import * as z from 'zod/mini';
import '../contracts/zod-mini.ts';
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
export function readEnv<Shape extends z.core.$ZodShape>(shape: Shape, source: NodeJS.ProcessEnv = process.env) {
  const result = z.object(shape).safeParse(source);
  if (!result.success) {
    throw new Error(`Invalid function environment:\n  ${formatIssues(result.error).join('\n  ')}`);
  }
  return result.data;
}

const httpsOrLocalUrl = () =>
  z.pipe(
    z.url().check(
      z.refine((url) => url.startsWith('https://') || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(url), {
        message: 'must be https, or http on loopback for local runs',
      }),
    ),
    z.transform((url: string) => url.replace(/\/+$/, '')),
  );

const json = <Schema extends z.ZodMiniType>(schema: Schema) =>
  z.pipe(
    z.pipe(
      z.string(),
      z.transform((text: string, context) => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          context.issues.push({ code: 'custom', message: 'must be JSON', input: text });
          return z.NEVER;
        }
      }),
    ),
    schema,
  );

/** How staff get a token: Cognito's hosted sign-in in AWS, a pasted token locally. */
const staffSignIn = () =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('cognito'), domain: z.url(), clientId: z.string().check(z.minLength(1)) }),
    z.object({ kind: z.literal('token') }),
  ]);

/**
 * What each binding's variable must hold, built only for the bindings a function has: a function reads three or
 * four of the ten, and every schema built at a cold start is time before the first event.
 */
const bindingValue = {
  table: () => z.string().check(z.minLength(1)),
  bus: () => z.string().check(z.minLength(1)),
  mail: () => z.string().check(z.minLength(1)),
  signingKeys: () => z.string().check(z.minLength(1)),
  publicBaseUrl: httpsOrLocalUrl,
  config: () => z.string().check(z.minLength(1)),
  inboundMail: () => z.string().check(z.minLength(1)),
  sendQueue: () => z.url(),
  staffSignIn: () => json(staffSignIn()),
  sourceSecrets: () => json(z.record(z.string(), z.string())),
} satisfies Record<EnvBinding, () => z.ZodMiniType>;

const invocationValue = {
  deadLetterQueue: () => z.url(),
  maxReceiveCount: () => z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1000)),
};

type BindingEnv<Id extends FunctionId> = {
  [B in BindingsOf<Id> & EnvBinding as (typeof BINDING_ENV)[B]]: z.output<ReturnType<(typeof bindingValue)[B]>>;
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
  const shape: Record<string, z.ZodMiniType> = {};
  for (const binding of definition.bindings.filter(isEnvBinding)) shape[BINDING_ENV[binding]] = bindingValue[binding]();
  const consumer = wiring.consumers.some((fn) => fn.id === id);
  if (consumer || wiring.mail.some((fn) => fn.id === id))
    shape[INVOCATION_ENV.deadLetterQueue] = invocationValue.deadLetterQueue();
  if (consumer) shape[INVOCATION_ENV.maxReceiveCount] = invocationValue.maxReceiveCount();
  return readEnv(shape, source) as FunctionEnv<Id>;
}
