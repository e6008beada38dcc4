import { randomUUID } from 'node:crypto';
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
import { PurchaseCompleted } from '../../shared/contracts/purchase-completed.ts';
import { surveyIdFor } from '../../shared/domain/survey.ts';
import { signSurveyToken } from '../../shared/domain/survey-token.ts';
import { sendConcurrency, sweepLimit, sweepWritesPerSecond, tableLayout } from '../../shared/topology/sizing.ts';
import { describedFunction } from '../../shared/topology/wiring.ts';
import { Pacer } from '../../shared/use-cases/pacing.ts';
import { recordAnswer } from '../../shared/use-cases/record-answer.ts';
import { schedulePurchaseSurveys } from '../../shared/use-cases/schedule-survey.ts';
import { sendSurvey } from '../../shared/use-cases/send-survey.ts';
import { sweepDue } from '../../shared/use-cases/sweep-due.ts';
import { CountingBus, ModelKeys, QueueModel, type SentEmail, SesModel } from './services.ts';
import {
  answerDelayMs,
  arrivalRate,
  expectedArrivals,
  pickStore,
  random,
  storeShares,
  type TrafficOptions,
} from './traffic.ts';
import { VirtualTime } from './virtual-time.ts';

export interface ReplayOptions extends TrafficOptions {
  maxPerSecond: number;
  secondsPerSend: number;
  peakSurveysPerSecond: number;
  /** The program's daily cap per store (null: none), so that the replay proves the cap under load. */
  dailyCap: number | null;
  /** Minutes between the purchase and its survey email. */
  delayMinutes: number;
  /** Milliseconds one DynamoDB request takes (single-digit in AWS). */
  requestMs: number;
  progress: (line: string) => void;
}

const BLACK_FRIDAY = Date.parse('2026-11-27T00:00:00.000Z');
const SCORES = { promoter: [9, 10], passive: [7, 8], detractor: [0, 3, 6] } as const;

/**
 * A Black-Friday day and the days after, through closeloop's own scheduling, sweeping, sending and answering code
 * (the use cases and the DynamoDB adapters, unchanged) on the in-process table and in virtual time: arrivals at
 * the day's rate, the sweep every minute, as many senders as the configuration sizes, each taking
 * `secondsPerSend` an email, SES refusing anything over its quota, answers arriving over the days after.
 */
export async function replay(options: ReplayOptions) {
  const time = new VirtualTime(BLACK_FRIDAY);
  const table = new MemoryDynamoDb();
  table.now = () => time.ms;
  table.hotKeys.keepsTimeline = false;
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
  const ses = new SesModel(time, options.maxPerSecond);
  const bus = new CountingBus();
  const keys = new ModelKeys();
  const rand = random(options.seed);
  const sender = describedFunction('SendSurvey');
  const sendDeps = {
    surveys,
    suppressions: new DynamoDbSuppressionList(db, 'closeloop'),
    mailer: ses,
    events: bus,
    rateLimiter: new DynamoDbSendRateLimiter(db, 'closeloop', options.maxPerSecond, time, time.sleep),
    keys,
    clock: time,
    config,
    publicBaseUrl: 'https://feedback.acme.example',
    sendLeaseSeconds: 2 * sender.timeoutSeconds,
  };
  const answerDeps = {
    surveys,
    responses: new DynamoDbResponseRepository(db, 'closeloop'),
    events: bus,
    keys,
    clock: time,
    themes: new PhraseThemes(config.themes),
    config,
  };

  const days = 1 + options.afterDays;
  const end = BLACK_FRIDAY + days * 86_400_000;
  const shares = storeShares(options.stores);
  const pool = Math.max(1, Math.round(expectedArrivals(options).total * 0.8));
  const dueAt = new Map<string, number>();
  const outcomes = new Map<string, number>();
  const count = (outcome: string) => outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  const samples: { atMs: number; queueDepth: number; sent: number; arrived: number }[] = [];
  let arrived = 0;
  let answered = 0;
  const failures: string[] = [];

  /** One purchase, as ScheduleSurvey handles it: concurrent with every other (the mapping runs several). */
  const purchase = async () => {
    const storeId = `store-${pickStore(shares, rand())}`;
    const customer = `c${Math.floor(rand() * pool)}`;
    const orderId = randomUUID();
    const detail = PurchaseCompleted.detail.parse({
      orderId,
      storeId,
      customer: { id: customer, email: `${customer}@example.com` },
      total: 25,
      currency: 'EUR',
      occurredAt: time.now().toISOString(),
    });
    arrived++;
    dueAt.set(
      surveyIdFor('purchase-nps', storeId, { type: 'order', id: orderId }),
      time.ms + options.delayMinutes * 60_000,
    );
    const scheduled = await schedulePurchaseSurveys(
      { surveys, events: bus, sendQueue: queue, clock: time, config },
      detail,
    );
    count(`scheduled:${scheduled['purchase-nps']}`);
  };

  /** Each second's purchases, spread over the second. */
  const arrivals = async () => {
    let carry = 0;
    for (let second = 0; BLACK_FRIDAY + second * 1000 < end; second++) {
      await time.until(BLACK_FRIDAY + second * 1000);
      carry += arrivalRate(options, second);
      const count = Math.floor(carry);
      carry -= count;
      for (let i = 0; i < count; i++)
        void time
          .sleep(Math.floor((i * 1000) / count))
          .then(purchase)
          .catch((error) => failures.push(String(error)));
    }
  };

  const sweeps = async () => {
    const limit = sweepLimit(config);
    for (let at = BLACK_FRIDAY; at < end; at += 60_000) {
      await time.until(at);
      samples.push({ atMs: time.ms, queueDepth: queue.depth, sent: ses.sent.length, arrived });
      const pacer = new Pacer(sweepWritesPerSecond(config), time, time.sleep);
      await sweepDue({ surveys, sendQueue: queue, pacer }, time.now(), limit);
      if (samples.length % 360 === 0)
        options.progress(
          `${new Date(time.ms).toISOString().slice(0, 16)}: ${arrived} arrived, ${ses.sent.length} sent, ${queue.depth} queued, ${table.requests} table requests`,
        );
    }
  };

  const senderLoop = async (index: number) => {
    await time.sleep(index);
    while (time.ms < end) {
      const startedAt = time.ms;
      const message = queue.receive();
      if (!message) {
        await time.sleep(1000);
        continue;
      }
      try {
        count(`send:${await sendSurvey(sendDeps, message.request, message.id)}`);
      } catch (error) {
        failures.push(String(error));
        queue.returnLater(message, 360);
      }
      // An email takes the sender secondsPerSend in all: its requests' time, then SES and the rest.
      await time.until(startedAt + options.secondsPerSend * 1000);
    }
  };

  const asked = new Set<string>();
  const answerLater = (email: SentEmail) => {
    // The survey email may be answered; its reminder (days later) is not the replay's concern.
    if (asked.has(email.surveyId)) return;
    asked.add(email.surveyId);
    if (rand() >= options.answerRate) return;
    const u = rand();
    const kind = u < 0.5 ? 'promoter' : u < 0.8 ? 'passive' : 'detractor';
    const scores = SCORES[kind];
    const score = scores[Math.floor(rand() * scores.length)] as number;
    const token = signSurveyToken(
      { surveyId: email.surveyId, expiresAt: new Date(email.atMs + 30 * 86_400_000) },
      keys.key,
    );
    void time
      .sleep(answerDelayMs(options, rand()))
      .then(async () => {
        if (time.ms >= end) return;
        await recordAnswer(answerDeps, { token, fields: { score: String(score) }, channel: 'web' });
        answered++;
      })
      .catch((error) => failures.push(String(error)));
  };
  ses.onSent = (email) => {
    if (email.surveyId) answerLater(email);
  };

  const senders = sendConcurrency(config.sending);
  const actors = [arrivals(), sweeps(), ...Array.from({ length: senders }, (_, i) => senderLoop(i))];
  await time.run(end);
  await Promise.race([Promise.all(actors), new Promise((resolve) => setTimeout(resolve, 1000))]);

  const waits = ses.sent.flatMap((email) => {
    const due = dueAt.get(email.surveyId);
    return due === undefined ? [] : [email.atMs - due];
  });
  return {
    config,
    table,
    ses,
    bus,
    queue,
    samples,
    outcomes,
    senders,
    waits,
    answered,
    arrived,
    failures,
    start: BLACK_FRIDAY,
    end,
  };
}
