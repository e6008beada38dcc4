import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { type Credentials, sign } from './sigv4.ts';

/** One AWS service as closeloop calls it. */
export interface AwsService {
  /** The signing name (`ses` for SES v2, `bedrock` for its runtime). */
  signingName: string;
  /** The SDK's service id in `AWS_ENDPOINT_URL_<ID>`: `DYNAMODB`, `SESV2`, `SECRETS_MANAGER`, … */
  endpointId: string;
  /** The endpoint's host name in AWS, before the region: `dynamodb`, `email`, `bedrock-runtime`, … */
  hostPrefix: string;
}

export interface HttpAnswer {
  status: number;
  /** How many requests it took (retries included); set by `callAws`. */
  attempts?: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface HttpCall {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string;
}

/** How a signed request reaches the service: HTTPS in Lambda, an in-process table in the load model. */
export type Transport = (call: HttpCall, signal: AbortSignal | undefined) => Promise<HttpAnswer>;

/** An error a service answered with, named as the service names it (`ConditionalCheckFailedException`, …). */
export class AwsError extends Error {
  override readonly name: string;
  readonly $fault: 'client' | 'server';
  readonly $metadata: { httpStatusCode: number; requestId?: string | undefined; attempts: number };
  readonly body: Record<string, unknown>;

  constructor(name: string, message: string, status: number, body: Record<string, unknown>, requestId?: string) {
    super(message);
    this.name = name;
    this.$fault = status >= 500 ? 'server' : 'client';
    this.$metadata = { httpStatusCode: status, requestId, attempts: 1 };
    this.body = body;
  }
}

const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true, maxSockets: 50 }) };

/**
 * HTTP(S) with connections kept alive between invocations, as the SDK's handler keeps them. A socket silent for
 * `socketTimeoutMs` (no connection, or no answer) is dropped as `ETIMEDOUT`, which `callAws` retries: a call never
 * hangs until the function's own time limit.
 */
export function nodeTransport(options: { socketTimeoutMs: number }): Transport {
  return (call, signal) =>
    new Promise((resolve, reject) => {
      const secure = call.url.protocol === 'https:';
      const send = secure ? httpsRequest : httpRequest;
      const outgoing = send(
        call.url,
        { method: call.method, headers: call.headers, agent: secure ? agents.https : agents.http, signal },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
          );
        },
      );
      outgoing.setTimeout(options.socketTimeoutMs, () => {
        const silent = new Error(`No answer from ${call.url.host} in ${options.socketTimeoutMs} ms`);
        outgoing.destroy(Object.assign(silent, { code: 'ETIMEDOUT' }));
      });
      outgoing.on('error', reject);
      outgoing.end(call.body);
    });
}

/** What the functions use: thirty seconds of silence is a lost connection (DynamoDB answers in milliseconds). */
export const httpsTransport: Transport = nodeTransport({ socketTimeoutMs: 30_000 });

/** Lambda's credentials: the execution role's keys, which Lambda puts in the environment of every function. */
export function environmentCredentials(env: NodeJS.ProcessEnv = process.env): Credentials {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = env;
  if (!accessKeyId || !secretAccessKey)
    throw new Error('No AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set');
  return { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN || undefined };
}

/** The region the function runs in (Lambda sets it), and where a service is reached there. */
export function endpointOf(service: AwsService, env: NodeJS.ProcessEnv = process.env): { region: string; url: URL } {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) throw new Error('No AWS region: AWS_REGION is not set');
  const configured = env[`AWS_ENDPOINT_URL_${service.endpointId}`] ?? env.AWS_ENDPOINT_URL;
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return { region, url: new URL(configured ?? `https://${service.hostPrefix}.${region}.${suffix}`) };
}

/** Errors the SDK's standard retry mode retries (throttling, and the transient answers of a busy service). */
const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
]);
const TRANSIENT = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'InternalServerError']);
const TRANSIENT_NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

const isThrottling = (error: AwsError) => THROTTLING.has(error.name) || error.$metadata.httpStatusCode === 429;
const isTransient = (error: AwsError) => TRANSIENT.has(error.name) || error.$metadata.httpStatusCode >= 500;

export interface CallOptions {
  /** Five attempts unless said otherwise (the SDK's standard mode with `maxAttempts: 5`). */
  maxAttempts?: number;
  signal?: AbortSignal | undefined;
}

export type Observer = (
  service: string,
  operation: string,
) => (outcome: { status?: number; attempts: number; error?: Error }) => void;

/** What a service call needs besides the request: where it goes, how, and who watches it. */
export interface CallContext {
  transport: Transport;
  env: NodeJS.ProcessEnv;
  observe?: Observer | undefined;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
}

export const defaultContext: CallContext = {
  transport: httpsTransport,
  env: process.env,
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface ServiceRequest {
  operation: string;
  method: string;
  /** The path below the endpoint, already escaped (`/v2/email/outbound-emails`). */
  path: string;
  headers: Record<string, string>;
  body: string;
  /** S3 only: the path is signed as sent, and the endpoint takes the bucket in its host name unless configured. */
  s3Bucket?: string;
}

/** The error an answer carries: JSON (`__type`, `x-amzn-errortype`) or S3's XML. */
export function errorOf(answer: HttpAnswer): AwsError {
  const text = answer.body.toString('utf8');
  const requestId = String(answer.headers['x-amzn-requestid'] ?? answer.headers['x-amz-request-id'] ?? '');
  if (text.trimStart().startsWith('<')) {
    const tag = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(text)?.[1];
    return new AwsError(tag('Code') ?? `Http${answer.status}`, tag('Message') ?? '', answer.status, {}, requestId);
  }
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = {};
  }
  return jsonError(answer.status, body, String(answer.headers['x-amzn-errortype'] ?? ''), requestId);
}

/** A JSON protocol's error: named by `x-amzn-errortype` or the body's `__type` (`namespace#Name`), or by status. */
export function jsonError(status: number, body: Record<string, unknown>, errorType = '', requestId?: string): AwsError {
  const typed = String(errorType || (body.__type ?? body.code ?? body.Code ?? ''));
  const name = typed.split(':')[0]?.split('#').pop() || (status >= 500 ? 'InternalServerError' : 'UnknownError');
  const message = String(body.message ?? body.Message ?? body.errorMessage ?? '');
  return new AwsError(name, message, status, body, requestId);
}

function networkError(error: Error): AwsError | undefined {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === undefined || !TRANSIENT_NETWORK.has(code)) return undefined;
  return new AwsError('TimeoutError', error.message, 0, {});
}

/** The delay before a retry: full jitter on 100 ms (500 ms after a throttle) doubling, at most 20 s. */
const backoff = (error: AwsError, attempt: number) =>
  Math.random() * Math.min(20_000, (isThrottling(error) ? 500 : 100) * 2 ** (attempt - 1));

/**
 * One call of an AWS API: signed with the environment's credentials, sent, and retried on throttling and transient
 * failures with backoff and jitter, as the SDK's standard retry mode does; any other error is thrown at once, as an
 * `AwsError` named by the service.
 */
export async function callAws(
  service: AwsService,
  request: ServiceRequest,
  options: CallOptions = {},
  context: CallContext = defaultContext,
): Promise<HttpAnswer> {
  const maxAttempts = options.maxAttempts ?? 5;
  const done = context.observe?.(service.endpointId, request.operation);
  for (let attempt = 1; ; attempt++) {
    let failure: AwsError;
    try {
      const answer = await sendOnce(service, request, options.signal, context);
      if (answer.status < 300) {
        done?.({ status: answer.status, attempts: attempt });
        return { ...answer, attempts: attempt };
      }
      failure = errorOf(answer);
    } catch (error) {
      const transient = networkError(error as Error);
      if (transient === undefined || options.signal?.aborted) {
        done?.({ attempts: attempt, error: error as Error });
        throw error;
      }
      failure = transient;
    }
    failure.$metadata.attempts = attempt;
    if (attempt >= maxAttempts || !(isThrottling(failure) || isTransient(failure))) {
      done?.({ status: failure.$metadata.httpStatusCode, attempts: attempt, error: failure });
      throw failure;
    }
    await context.sleep(backoff(failure, attempt));
  }
}

function sendOnce(service: AwsService, request: ServiceRequest, signal: AbortSignal | undefined, context: CallContext) {
  const { region, url: endpoint } = endpointOf(service, context.env);
  const configured = !/\.amazonaws\.com(\.cn)?$/.test(endpoint.hostname);
  const base = new URL(endpoint);
  let path = request.path;
  if (request.s3Bucket !== undefined) {
    // A dotted name would not match S3's certificate as a host name: addressed by path, as the SDK does.
    if (configured || request.s3Bucket.includes('.')) path = `/${request.s3Bucket}${path}`;
    else base.hostname = `${request.s3Bucket}.${base.hostname}`;
  }
  const url = new URL(`${base.origin}${base.pathname.replace(/\/$/, '')}${path}`);
  const headers: Record<string, string> = { ...request.headers };
  if (request.body !== '') headers['content-length'] = String(Buffer.byteLength(request.body));
  const unsigned = { method: request.method, url, headers, body: request.body };
  const scope = {
    credentials: environmentCredentials(context.env),
    region,
    service: service.signingName,
    escapePath: request.s3Bucket === undefined,
  };
  const signed = { ...sign(unsigned, scope, context.now()), 'user-agent': 'closeloop' };
  return context.transport({ ...unsigned, headers: signed }, signal);
}
