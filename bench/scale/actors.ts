import { randomUUID } from 'node:crypto';
import { PurchaseCompleted } from '../../shared/contracts/purchase-completed.ts';
import { surveyIdFor } from '../../shared/domain/survey.ts';
import { signSurveyToken } from '../../shared/domain/survey-token.ts';
import { sweepLimit, sweepWritesPerSecond } from '../../shared/topology/sizing.ts';
import { Pacer } from '../../shared/use-cases/pacing.ts';
import { recordAnswer } from '../../shared/use-cases/record-answer.ts';
import { schedulePurchaseSurveys } from '../../shared/use-cases/schedule-survey.ts';
import { sendSurvey } from '../../shared/use-cases/send-survey.ts';
import { sweepDue } from '../../shared/use-cases/sweep-due.ts';
import type { SentEmail } from './services.ts';
import { answerDelayMs, arrivalRate, pickStore } from './traffic.ts';
import { BLACK_FRIDAY, count, type World } from './world.ts';

/**
 * The replay's actors, each as the deployed function (or the customer) it stands for: the store events through as
 * many schedulers as are sized, the minute sweep, each sender, each customer who answers. Each runs closeloop's
 * use case unchanged; virtual time passes only in DynamoDB's requests and the waits each actor models.
 */

/** The store events' queue: at most `schedulers` events handled at once, the rest waiting in order. */
export function schedulerGate(world: World) {
  let busy = 0;
  const waiting: (() => void)[] = [];
  const run = async <T>(work: () => Promise<T>): Promise<T> => {
    if (busy >= world.schedulers) await new Promise<void>((resolve) => waiting.push(resolve));
    else busy++;
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else busy--;
    }
  };
  return { run, waiting: () => waiting.length };
}

/** One purchase, as a scheduler handles it when one is free. */
async function purchase(world: World, gate: ReturnType<typeof schedulerGate>) {
  const { time, options, rand, surveys, bus, queue, config } = world;
  const storeId = `store-${pickStore(world.shares, rand())}`;
  const customer = `c${Math.floor(rand() * world.pool)}`;
  const orderId = randomUUID();
  const detail = PurchaseCompleted.detail.parse({
    orderId,
    storeId,
    customer: { id: customer, email: `${customer}@example.com` },
    total: 25,
    currency: 'EUR',
    occurredAt: time.now().toISOString(),
  });
  world.tally.arrived++;
  const surveyId = surveyIdFor('purchase-nps', storeId, { type: 'order', id: orderId });
  world.tally.dueAt.set(surveyId, time.ms + options.delayMinutes * 60_000);
  const scheduled = await gate.run(() =>
    schedulePurchaseSurveys({ surveys, events: bus, sendQueue: queue, clock: time, config }, detail),
  );
  count(world, `scheduled:${scheduled['purchase-nps']}`);
}

/** Each second's purchases, spread over the second. */
export async function arrivals(world: World, gate: ReturnType<typeof schedulerGate>) {
  const { time, options, end } = world;
  let carry = 0;
  for (let second = 0; BLACK_FRIDAY + second * 1000 < end; second++) {
    await time.until(BLACK_FRIDAY + second * 1000);
    carry += arrivalRate(options, second);
    const now = Math.floor(carry);
    carry -= now;
    for (let i = 0; i < now; i++)
      void time
        .sleep(Math.floor((i * 1000) / now))
        .then(() => purchase(world, gate))
        .catch((error) => world.tally.failures.push(String(error)));
  }
}

/** The sweep every minute (paced as deployed), sampling the queues first. */
export async function sweeps(world: World, gate: ReturnType<typeof schedulerGate>) {
  const { time, config, queue, ses, tally, end } = world;
  const limit = sweepLimit(config);
  for (let at = BLACK_FRIDAY; at < end; at += 60_000) {
    await time.until(at);
    tally.samples.push({
      atMs: time.ms,
      queueDepth: queue.depth,
      eventsWaiting: gate.waiting(),
      sent: ses.sent.length,
      arrived: tally.arrived,
    });
    const pacer = new Pacer(sweepWritesPerSecond(config), time, time.sleep);
    await sweepDue({ surveys: world.surveys, sendQueue: queue, pacer }, time.now(), limit);
    // Hourly, forget the keys that never came near hot (a day of survey ids would otherwise all be kept).
    if (tally.samples.length % 60 === 0) world.table.hotKeys.prune(20);
    if (tally.samples.length % 360 === 0)
      world.options.progress(
        `${new Date(time.ms).toISOString().slice(0, 16)}: ${tally.arrived} arrived, ${ses.sent.length} sent, ${queue.depth} queued, ${world.table.requests} table requests`,
      );
  }
}

/** One sender: a message at a time, `secondsPerSend` each in all; a failure returns after the visibility timeout. */
export async function sender(world: World, index: number) {
  const { time, queue, options, end } = world;
  const deps = { ...world.sendDeps, rateLimiter: world.rateLimiterFor() };
  await time.sleep(index);
  while (time.ms < end) {
    const startedAt = time.ms;
    const message = queue.receive();
    if (!message) {
      await time.sleep(1000);
      continue;
    }
    try {
      count(world, `send:${await sendSurvey(deps, message.request, message.id)}`);
    } catch (error) {
      world.tally.failures.push(String(error));
      queue.returnLater(message, 360);
    }
    await time.until(startedAt + options.secondsPerSend * 1000);
  }
}

const SCORES = { promoter: [9, 10], passive: [7, 8], detractor: [0, 3, 6] } as const;

/** Customers who answer: a share of the survey emails, in the benchmark's mix, hours later (reminders aside). */
export function answering(world: World) {
  const { time, options, rand, end } = world;
  const asked = new Set<string>();
  return (email: SentEmail) => {
    if (!email.surveyId || asked.has(email.surveyId)) return;
    asked.add(email.surveyId);
    if (rand() >= options.answerRate) return;
    const u = rand();
    const scores = SCORES[u < 0.5 ? 'promoter' : u < 0.8 ? 'passive' : 'detractor'];
    const score = scores[Math.floor(rand() * scores.length)] as number;
    const expiresAt = new Date(email.atMs + 30 * 86_400_000);
    const token = signSurveyToken({ surveyId: email.surveyId, expiresAt }, world.keys.key);
    void time
      .sleep(answerDelayMs(options, rand()))
      .then(async () => {
        if (time.ms >= end) return;
        await recordAnswer(world.answerDeps, { token, fields: { score: String(score) }, channel: 'web' });
        world.tally.answered++;
      })
      .catch((error) => world.tally.failures.push(String(error)));
  };
}
