import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The SDK clients, each created once per container on first use and reused by every invocation. Endpoints come
 * from the SDK's own configuration (`AWS_ENDPOINT_URL_<SERVICE>` when set): no code here knows where it runs.
 * Each is a separate pure binding so a function's bundle holds only the clients it uses.
 */
function once<T>(create: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= create();
    return value;
  };
}

/**
 * X-Ray: where the configuration turns tracing on (`operations.tracing`), every SDK call is a subsegment of the
 * function's trace. The bundle is built with CLOSELOOP_TRACING as a constant, so without tracing the tracer is not
 * even in it (its bytes and its cold start, which `npm run bench` measures); outside Lambda it stays off by itself.
 */
const tracer =
  process.env.CLOSELOOP_TRACING === 'true'
    ? new (await import('@aws-lambda-powertools/tracer')).Tracer({ captureHTTPsRequests: false })
    : undefined;
const traced = <Client extends object>(client: Client): Client =>
  tracer === undefined ? client : tracer.captureAWSv3Client(client);

// Standard retry mode with backoff and jitter; throttling errors are retried by the SDK before we see them.
const retry = { maxAttempts: 5, retryMode: 'standard' } as const;

export const dynamoDocumentClient = /* @__PURE__ */ once(() =>
  DynamoDBDocumentClient.from(traced(new DynamoDBClient(retry)), { marshallOptions: { removeUndefinedValues: true } }),
);
export const sesClient = /* @__PURE__ */ once(() => traced(new SESv2Client(retry)));
export const eventBridgeClient = /* @__PURE__ */ once(() => traced(new EventBridgeClient(retry)));
export const sqsClient = /* @__PURE__ */ once(() => traced(new SQSClient(retry)));
export const secretsManagerClient = /* @__PURE__ */ once(() => traced(new SecretsManagerClient(retry)));
/** One attempt: a comment's classification has a short time limit, and the phrase matcher stands behind it. */
export const bedrockRuntimeClient = /* @__PURE__ */ once(() => traced(new BedrockRuntimeClient({ maxAttempts: 1 })));
// A custom S3 endpoint (an emulator, a proxy) is addressed path-style; AWS's own endpoints stay virtual-hosted.
export const s3Client = /* @__PURE__ */ once(() =>
  traced(new S3Client({ ...retry, forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) })),
);
