import { ASSUMPTIONS, PRICES } from './prices.ts';

/**
 * Per survey, in dollars: what each service bills for one survey's whole path, from the requests counted
 * (`count` of a `service operation` prefix, per survey) and what was measured per survey.
 */
export function costLines(
  count: (prefix: string) => number,
  measured: {
    invocations: number;
    gbSeconds: number;
    readCapacityUnits: number;
    writeCapacityUnits: number;
    logBytes: number;
  },
) {
  const httpRequests = 2; // the answer page and the answer
  const storeEvents = 1; // the Purchase Completed the store puts on the bus for closeloop
  const lines = [
    { service: 'SES (the survey email: the floor)', dollars: PRICES.sesPerEmail },
    {
      service: 'SES (the loop: thank-yous, follow-ups, staff alerts)',
      dollars: (count('SES') - 1) * PRICES.sesPerEmail,
    },
    {
      service: 'EventBridge (events published)',
      dollars: (storeEvents + count('EventBridge PutEvents')) * PRICES.eventBridgePerEvent,
    },
    {
      // Two queues: the store's event (EventBridge sends it) and the send request (the scheduler sends it, metered).
      service: 'SQS (event queue and send queue)',
      dollars: (1 + count('SQS') + 2 * ASSUMPTIONS.sqsPollRequestsPerMessage) * PRICES.sqsPerRequest,
    },
    {
      service: 'Lambda (requests + arm64 GB-s)',
      dollars: measured.invocations * PRICES.lambdaPerRequest + measured.gbSeconds * PRICES.lambdaArmPerGbSecond,
    },
    {
      service: 'DynamoDB (on-demand request units)',
      dollars:
        measured.writeCapacityUnits * PRICES.dynamoDbPerWriteRequestUnit +
        measured.readCapacityUnits * PRICES.dynamoDbPerReadRequestUnit,
    },
    { service: 'API Gateway HTTP API', dollars: httpRequests * PRICES.httpApiPerRequest },
    { service: 'Secrets Manager', dollars: count('SecretsManager') * PRICES.secretsManagerPerCall },
    {
      service: 'CloudWatch Logs (ingestion)',
      dollars:
        ((measured.logBytes + measured.invocations * ASSUMPTIONS.platformLogBytesPerInvocation) / 1024 ** 3) *
        PRICES.cloudWatchLogsPerGb,
    },
    {
      service: 'X-Ray (sampled traces)',
      dollars: (storeEvents + httpRequests) * ASSUMPTIONS.xraySampledShare * PRICES.xrayPerTrace,
    },
  ];
  return lines;
}
