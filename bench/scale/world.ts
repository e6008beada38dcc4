import { createTable } from '../../local/dynamodb.ts';
import { MemoryDynamoDb } from '../../local/table-model/database.ts';
import { directDocumentClient } from '../../local/table-model/direct-client.ts';
import { memoryDocumentClient } from '../../local/table-model/sdk-handler.ts';
import { DynamoDbResponseRepository } from '../../shared/adapters/dynamodb/response-repository.ts';
import { DynamoDbSendRateLimiter } from '../../shared/adapters/dynamodb/send-rate-limiter.ts';
import { DynamoDbSuppressionList } from '../../shared/adapters/dynamodb/suppression-list.ts';
import { DynamoDbSurveyRepository } from '../../shared/adapters/dynamodb/survey-repository.ts';
import { PhraseThemes } from '../../shared/adapters/phrase-themes.ts';
import { parseConfig } from '../../shared/config/load.ts';
import { SCHEDULE_CONSUMER, sendConcurrency, sizedWiring, tableLayout } from '../../shared/topology/sizing.ts';
import { describedFunction, wiring } from '../../shared/topology/wiring.ts';
import { CountingBus, ModelKeys, QueueModel, SesModel } from './services.ts';
import { expectedArrivals, random, storeShares, type TrafficOptions } from './traffic.ts';
import { VirtualTime } from './virtual-time.ts';

export interface ReplayOptions extends TrafficOptions {
  maxPerSecond: number;
  secondsPerSend: number;
  peakSurveysPerSecond: number;
  /** The program's daily cap per store (null: none), so that the replay proves the cap under load. */
  dailyCap: number | null;
  /** Minutes between the purchase and its survey email. */
  delayMinutes: number;
  /** Replays only the first hours (a quick look); the whole run by default. */
  hours?: number | undefined;
  /** Milliseconds one DynamoDB request takes (single-digit in AWS). */
  requestMs: number;
  progress: (line: string) => void;
}

export const BLACK_FRIDAY = Date.parse('2026-11-27T00:00:00.000Z');

/** One sample a minute: the send queue, the store events waiting for a scheduler, and the counts so far. */
export interface Sample {
  atMs: number;
  queueDepth: number;
  eventsWaiting: number;
  sent: number;
  arrived: number;
}

/**
 * Everything a replay runs in: virtual time, the in-process table (each request taking `requestMs`), closeloop's
 * configuration sized for the run, the modelled services, the use cases' dependencies as the functions build
 * them, and the tallies the actors keep.
 */
export async function buildWorld(options: ReplayOptions) {
  const time = new VirtualTime(BLACK_FRIDAY);
  const table = new MemoryDynamoDb();
  table.now = () => time.ms;
  await createTable(memoryDocumentClient(table).client, 'closeloop');
  // Every request takes DynamoDB's few milliseconds: actors interleave at each one, as concurrent Lambdas do, and a
  // burst of writes spreads over the time it really takes.
  const direct = directDocumentClient(table);
  const db = {
    send: async (command: unknown) => {
      await time.sleep(options.requestMs);
      return direct.send(command as never);
    },
  } as unknown as typeof direct;
  const config = parseConfig(
    {
      stores: { '*': { brandName: 'Acme', sender: { email: 'feedback@acme.example' } } },
      programs: {
        'purchase-nps': {
          trigger: 'Purchase Completed',
          survey: 'nps',
          delay: `${options.delayMinutes}m`,
          dailyCap: options.dailyCap,
        },
      },
      sending: { maxPerSecond: options.maxPerSecond, secondsPerSend: options.secondsPerSend },
      scale: { peakSurveysPerSecond: options.peakSurveysPerSecond },
    },
    'the load model',
  );
  const surveys = new DynamoDbSurveyRepository(db, 'closeloop', tableLayout(config));
  const queue = new QueueModel(time);
  // Each source of chance its own seeded stream: the traffic's, SES's retries', and each sender's limiter's.
  const ses = new SesModel(time, options.maxPerSecond, random(options.seed + 0x5e5));
  let limiters = 0;
  const bus = new CountingBus();
  const keys = new ModelKeys();
  return {
    options,
    time,
    table,
    config,
    surveys,
    queue,
    ses,
    bus,
    keys,
    rand: random(options.seed),
    end: BLACK_FRIDAY + (options.hours ?? 24 * (1 + options.afterDays)) * 3_600_000,
    shares: storeShares(options.stores),
    // Four customers for every purchase of the run: about one in eight buys twice, and the fatigue rules see it.
    pool: Math.max(1, Math.round(expectedArrivals(options).total * 4)),
    senders: sendConcurrency(config.sending),
    schedulers: sizedWiring(wiring, config).consumers.find((c) => c.id === SCHEDULE_CONSUMER)?.queue
      .maxConcurrency as number,
    /** A sender's own limiter, as each Lambda instance holds one (and the slots it took). */
    rateLimiterFor: () =>
      new DynamoDbSendRateLimiter(
        db,
        'closeloop',
        options.maxPerSecond,
        time,
        time.sleep,
        random(options.seed + 0x1000 + limiters++),
      ),
    sendDeps: {
      surveys,
      suppressions: new DynamoDbSuppressionList(db, 'closeloop'),
      mailer: ses,
      events: bus,
      keys,
      clock: time,
      config,
      publicBaseUrl: 'https://feedback.acme.example',
      sendLeaseSeconds: 2 * describedFunction('SendSurvey').timeoutSeconds,
    },
    answerDeps: {
      surveys,
      responses: new DynamoDbResponseRepository(db, 'closeloop'),
      events: bus,
      keys,
      clock: time,
      themes: new PhraseThemes(config.themes),
      config,
    },
    tally: {
      arrived: 0,
      answered: 0,
      failures: [] as string[],
      outcomes: new Map<string, number>(),
      samples: [] as Sample[],
      /** When each survey became due: its wait past due is read from what SES sent. */
      dueAt: new Map<string, number>(),
    },
  };
}

export type World = Awaited<ReturnType<typeof buildWorld>>;

export function count(world: World, outcome: string) {
  world.tally.outcomes.set(outcome, (world.tally.outcomes.get(outcome) ?? 0) + 1);
}
