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
 * One variable's check: its value as the function reads it, or what is wrong with it. Plain code, not a schema: the
 * environment is read at every cold start, and a schema library's first parse there cost ~2 ms of it (`npm run
 * bench`); the environment is flat text with a handful of shapes.
 */
type Check<T> = (text: string) => { value: T } | { problem: string };

const ok = <T>(value: T) => ({ value });
const problem = (text: string) => ({ problem: text });

const nonEmpty: Check<string> = (text) => (text.length > 0 ? ok(text) : problem('must not be empty'));

/** An absolute http(s) URL with a host. */
const url: Check<string> = (text) => {
  const parsed = URL.parse(text);
  return parsed !== null && (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname !== ''
    ? ok(text)
    : problem('must be an http(s) URL');
};

/** Where links point: https, or http on loopback for local runs; without a trailing slash. */
const httpsOrLocalUrl: Check<string> = (text) => {
  const checked = url(text);
  if ('problem' in checked) return checked;
  if (!text.startsWith('https://') && !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(text))
    return problem('must be https, or http on loopback for local runs');
  return ok(text.replace(/\/+$/, ''));
};

const jsonOf =
  <T>(check: (value: unknown) => T | undefined, shape: string): Check<T> =>
  (text) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return problem('must be JSON');
    }
    const checked = check(value);
    return checked === undefined ? problem(`must be JSON: ${shape}`) : ok(checked);
  };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** How staff get a token: Cognito's hosted sign-in in AWS, a pasted token locally. */
type StaffSignIn = { kind: 'cognito'; domain: string; clientId: string } | { kind: 'token' };

const staffSignIn = jsonOf<StaffSignIn>((value) => {
  if (!isObject(value)) return undefined;
  if (value.kind === 'token') return { kind: 'token' };
  const { domain, clientId } = value;
  if (value.kind !== 'cognito' || typeof domain !== 'string' || typeof clientId !== 'string') return undefined;
  return 'value' in url(domain) && clientId.length > 0 ? { kind: 'cognito', domain, clientId } : undefined;
}, '{"kind":"token"} or {"kind":"cognito","domain":"https://…","clientId":"…"}');

const sourceSecrets = jsonOf<Record<string, string>>(
  (value) =>
    isObject(value) && Object.values(value).every((v) => typeof v === 'string')
      ? (value as Record<string, string>)
      : undefined,
  'an object of source id to secret name',
);

const receiveCount: Check<number> = (text) => {
  const count = Number(text);
  return text.trim() !== '' && Number.isInteger(count) && count >= 1 && count <= 1000
    ? ok(count)
    : problem('must be a whole number from 1 to 1000');
};

/** What each binding's variable must hold. */
const bindingValue = {
  table: nonEmpty,
  bus: nonEmpty,
  mail: nonEmpty,
  signingKeys: nonEmpty,
  publicBaseUrl: httpsOrLocalUrl,
  config: nonEmpty,
  inboundMail: nonEmpty,
  sendQueue: url,
  staffSignIn,
  sourceSecrets,
} satisfies Record<EnvBinding, Check<unknown>>;

const invocationValue = { deadLetterQueue: url, maxReceiveCount: receiveCount };

type Checked<C> = C extends Check<infer T> ? T : never;

/**
 * Reads and checks the environment once, at cold start. A missing or malformed variable stops the function
 * before it takes any event, with a message naming each such variable.
 */
export function readEnv<Shape extends Record<string, Check<unknown>>>(
  shape: Shape,
  source: NodeJS.ProcessEnv = process.env,
): { [K in keyof Shape]: Checked<Shape[K]> } {
  const read: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, check] of Object.entries(shape)) {
    const text = source[name];
    const checked = text === undefined ? problem('is not set') : check(text);
    if ('problem' in checked) problems.push(`${name}: ${checked.problem}`);
    else read[name] = checked.value;
  }
  if (problems.length > 0) throw new Error(`Invalid function environment:\n  ${problems.join('\n  ')}`);
  return read as { [K in keyof Shape]: Checked<Shape[K]> };
}

type BindingEnv<Id extends FunctionId> = {
  [B in BindingsOf<Id> & EnvBinding as (typeof BINDING_ENV)[B]]: Checked<(typeof bindingValue)[B]>;
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
  const shape: Record<string, Check<unknown>> = {};
  for (const binding of definition.bindings.filter(isEnvBinding)) shape[BINDING_ENV[binding]] = bindingValue[binding];
  const consumer = wiring.consumers.some((fn) => fn.id === id);
  if (consumer || wiring.mail.some((fn) => fn.id === id))
    shape[INVOCATION_ENV.deadLetterQueue] = invocationValue.deadLetterQueue;
  if (consumer) shape[INVOCATION_ENV.maxReceiveCount] = invocationValue.maxReceiveCount;
  return readEnv(shape, source) as FunctionEnv<Id>;
}
