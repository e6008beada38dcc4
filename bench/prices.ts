/**
 * AWS list prices in us-east-1 that a survey's lifecycle touches, as published on each service's pricing page
 * (aws.amazon.com/{service}/pricing), after free tiers, in US dollars. Dated: rerun with new figures when they
 * change. Fixed monthly costs (the secret, the table's storage, idle queue polling) do not scale with surveys and
 * are left out of the per-survey figure.
 */
export const PRICES = {
  asOf: '2026-11-23',
  region: 'us-east-1',
  sesPerEmail: 0.1 / 1000,
  eventBridgePerEvent: 1 / 1e6, // custom events published to a bus, per 64 KB chunk
  sqsPerRequest: 0.4 / 1e6, // standard queue, per 64 KB chunk
  lambdaPerRequest: 0.2 / 1e6,
  lambdaArmPerGbSecond: 0.0000133334,
  dynamoDbPerWriteRequestUnit: 0.625 / 1e6, // on-demand, since the November 2024 price cut
  dynamoDbPerReadRequestUnit: 0.125 / 1e6,
  httpApiPerRequest: 1 / 1e6, // HTTP API, first 300 million a month
  secretsManagerPerCall: 0.05 / 10_000,
  cloudWatchLogsPerGb: 0.5, // ingestion
  xrayPerTrace: 5 / 1e6, // traces recorded
} as const;

/** Assumptions the cost model needs that no local measurement gives. */
export const ASSUMPTIONS = {
  /** X-Ray's default sampling rule records 1 request a second plus 5 % of the rest; at volume, about 5 %. */
  xraySampledShare: 0.05,
  /** Lambda's platform log records per invocation (START, END, REPORT, in JSON), in bytes. */
  platformLogBytesPerInvocation: 600,
  /**
   * SQS requests per message an event source mapping takes off a queue, at worst one message per batch: the
   * poller's ReceiveMessage and DeleteMessage. Who sends it adds one: EventBridge for the store's event (not seen by
   * the SDK meter), the scheduler's SendMessageBatch for the send request (metered).
   */
  sqsPollRequestsPerMessage: 2,
} as const;
