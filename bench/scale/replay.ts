import { answering, arrivals, schedulerGate, sender, sweeps } from './actors.ts';
import { BLACK_FRIDAY, buildWorld, type ReplayOptions } from './world.ts';

export type { ReplayOptions };

/**
 * A Black-Friday day and the hours after, through closeloop's own scheduling, sweeping, sending and answering code
 * (the use cases and the DynamoDB adapters, unchanged) on the in-process table and in virtual time: arrivals at
 * the day's rate through as many schedulers as are sized, the sweep every minute, the sized senders, SES refusing
 * anything over its quota, answers arriving over the hours after.
 */
export async function replay(options: ReplayOptions) {
  const world = await buildWorld(options);
  const { time, ses, tally, end } = world;
  const gate = schedulerGate(world);
  ses.onSent = answering(world);
  const actors = [
    arrivals(world, gate),
    sweeps(world, gate),
    ...Array.from({ length: world.senders }, (_, i) => sender(world, i)),
  ];
  await time.run(end);
  // Every actor sleeps past the end now; none is waited for.
  void Promise.all(actors).catch((error) => tally.failures.push(String(error)));
  const waits = ses.sent.flatMap((email) => {
    const due = tally.dueAt.get(email.surveyId);
    return due === undefined ? [] : [email.atMs - due];
  });
  return {
    config: world.config,
    table: world.table,
    ses,
    bus: world.bus,
    queue: world.queue,
    samples: tally.samples,
    outcomes: tally.outcomes,
    senders: world.senders,
    schedulers: world.schedulers,
    waits,
    answered: tally.answered,
    arrived: tally.arrived,
    failures: tally.failures,
    start: BLACK_FRIDAY,
    end,
  };
}
