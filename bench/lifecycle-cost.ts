import { ASSUMPTIONS, PRICES } from './prices.ts';
import { round } from './stats.ts';

/** What a path does beside what the meters count: its HTTP requests, its send requests, its other emails. */
export interface PathShape {
  /** Requests to the HTTP API (the answer page and the answer). */
  httpRequests: number;
  /** Messages on the send queue (the survey email's, and a reminder's). */
  sendMessages: number;
  /** SQS requests the sweep makes per survey, unmetered: one batch of send requests per hundred. */
  sweepRequests: number;
  /** What the emails beyond the survey's are. */
  otherEmails: string;
}

export const ANSWERED_PATH: PathShape = {
  httpRequests: 2,
  sendMessages: 1,
  sweepRequests: 0,
  otherEmails: 'SES (the loop: thank-yous, follow-ups, staff alerts)',
};

/**
 * Per survey, in dollars: what each service bills for one survey's whole path, from the requests counted
 * (`count` of a `service operation` prefix, per survey) and what was measured per survey. The second line is the
 * emails beyond the survey's own.
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
  path: PathShape = ANSWERED_PATH,
) {
  const { httpRequests } = path;
  const storeEvents = 1; // the Purchase Completed the store puts on the bus for closeloop
  const lines = [
    { service: 'SES (the survey email: the floor)', dollars: PRICES.sesPerEmail },
    { service: path.otherEmails, dollars: (count('SES') - 1) * PRICES.sesPerEmail },
    {
      service: 'EventBridge (events published)',
      dollars: (storeEvents + count('EventBridge PutEvents')) * PRICES.eventBridgePerEvent,
    },
    {
      // Two queues: the store's event (EventBridge sends it) and the send requests (the scheduler's metered, the
      // sweep's not), each message polled for and deleted.
      service: 'SQS (event queue and send queue)',
      dollars:
        (1 + count('SQS') + path.sweepRequests + (1 + path.sendMessages) * ASSUMPTIONS.sqsPollRequestsPerMessage) *
        PRICES.sqsPerRequest,
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

/**
 * The lines per 1,000 surveys, their total, and how far it is above SES, read two ways: over SES's charge for every
 * email the path sends (the survey's and the second line's: what SES alone would cost for the same emails), and
 * over the survey email alone, with and without the emails beyond it (everything else the path costs, the other
 * emails' handling included, charged to the one survey email).
 */
export function priced(lines: ReturnType<typeof costLines>) {
  const costPer1000 = lines.map((line) => ({ service: line.service, dollarsPer1000: round(line.dollars * 1000, 5) }));
  const floor = PRICES.sesPerEmail * 1000;
  const total = lines.reduce((sum, line) => sum + line.dollars, 0) * 1000;
  const otherEmails = costPer1000[1]?.dollarsPer1000 ?? 0;
  return {
    costPer1000,
    floorPer1000: round(floor, 4),
    totalPer1000: round(total, 4),
    sesPer1000: round(floor + otherEmails, 4),
    overEveryEmailPercent: round(((total - floor - otherEmails) / (floor + otherEmails)) * 100),
    aboveFloorPercent: round(((total - floor) / floor) * 100),
    withoutOtherEmailsPercent: round(((total - otherEmails - floor) / floor) * 100),
  };
}
