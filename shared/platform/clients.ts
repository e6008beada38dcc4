import { DocumentClient } from '../adapters/aws/dynamodb.ts';
import type { Observer } from '../adapters/aws/service-call.ts';
import {
  BedrockRuntimeApi,
  EventBridgeApi,
  S3Api,
  SecretsManagerApi,
  SesApi,
  SqsApi,
} from '../adapters/aws/services.ts';

/**
 * The AWS clients, each created once per container on first use and reused by every invocation. Endpoints follow
 * the SDK's convention (`AWS_ENDPOINT_URL_<SERVICE>` when set), credentials and region come from the environment
 * Lambda gives every function: no code here knows where it runs. Each is a separate pure binding so a function's
 * bundle holds only the clients it uses.
 */
function once<T>(create: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= create();
    return value;
  };
}

/**
 * X-Ray: where the configuration turns tracing on (`operations.tracing`), every AWS call is an `aws` subsegment of
 * the function's trace, flagged as the SDK's instrumentation flags it (error, fault, throttle). The bundle is built
 * with CLOSELOOP_TRACING as a constant, so without tracing the tracer is not even in it; outside Lambda it stays off.
 */
const tracer =
  process.env.CLOSELOOP_TRACING === 'true'
    ? new (await import('@aws-lambda-powertools/tracer')).Tracer({ captureHTTPsRequests: false })
    : undefined;
/** What the observer needs of the tracer: the current segment, to open a subsegment on. */
export interface SegmentSource {
  getSegment(): { addNewSubsegment(name: string): AwsSubsegment } | undefined;
}
interface AwsSubsegment {
  addAttribute(name: string, value: unknown): void;
  addThrottleFlag(): void;
  addErrorFlag(): void;
  addFaultFlag(): void;
  close(error?: Error): void;
}

/**
 * Each AWS call as an `aws` subsegment, flagged as X-Ray's SDK instrumentation flags it: a throttle (429), an error
 * (4xx), a fault (5xx, or no answer at all).
 */
export function xrayObserver(tracer: SegmentSource): Observer {
  return (service, operation) => {
    const subsegment = tracer.getSegment()?.addNewSubsegment(service);
    return ({ status, attempts, error }) => {
      if (subsegment === undefined) return;
      subsegment.addAttribute('namespace', 'aws');
      subsegment.addAttribute('aws', { operation, region: process.env.AWS_REGION, retries: attempts - 1 });
      if (status === 429) subsegment.addThrottleFlag();
      if (error !== undefined && status !== undefined && status >= 400 && status < 500) subsegment.addErrorFlag();
      if (error !== undefined && (status === undefined || status >= 500)) subsegment.addFaultFlag();
      subsegment.close(error);
    };
  };
}
const observe = tracer === undefined ? undefined : xrayObserver(tracer as unknown as SegmentSource);

// Standard retries with backoff and jitter: throttling errors are retried before the adapters see them.
const options = { maxAttempts: 5, context: { observe } };

export const dynamoDocumentClient = /* @__PURE__ */ once(() => new DocumentClient(options));
export const sesClient = /* @__PURE__ */ once(() => new SesApi(options));
export const eventBridgeClient = /* @__PURE__ */ once(() => new EventBridgeApi(options));
export const sqsClient = /* @__PURE__ */ once(() => new SqsApi(options));
export const secretsManagerClient = /* @__PURE__ */ once(() => new SecretsManagerApi(options));
/** One attempt: a comment's classification has a short time limit, and the phrase matcher stands behind it. */
export const bedrockRuntimeClient = /* @__PURE__ */ once(() => new BedrockRuntimeApi({ ...options, maxAttempts: 1 }));
export const s3Client = /* @__PURE__ */ once(() => new S3Api(options));
