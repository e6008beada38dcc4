import type { SendQueue } from '../ports/send-queue.ts';
import type { SurveyScheduling } from '../ports/survey-repository.ts';
import type { Pacer } from './pacing.ts';

export interface SweepDeps {
  surveys: Pick<SurveyScheduling, 'due' | 'markQueued'>;
  sendQueue: SendQueue;
  /** Holds the due index's writes to what its partitions serve (`topology/sizing.ts`); none in tests. */
  pacer?: Pacer;
}

/**
 * Hands every email due at `asOf` to the send queue and takes it off the due-time index, in pages, up to
 * `maxPerSweep` (the next sweep takes the rest), at the pace the index's partitions take (`deps.pacer`). Queue first, index second: a crash in between queues an email
 * twice, and the sender's lease makes that one email.
 *
 * `asOf` is the time of the scheduled event that started the sweep, not the clock: the send decides eligibility
 * as of it, and a sweep can be replayed for a given moment.
 */
export async function sweepDue(deps: SweepDeps, asOf: Date, maxPerSweep = 5000): Promise<{ queued: number }> {
  let queued = 0;
  while (queued < maxPerSweep) {
    const due = await deps.surveys.due(asOf, Math.min(100, maxPerSweep - queued));
    if (due.length === 0) break;
    await deps.pacer?.admit(due.length);
    await deps.sendQueue.enqueue(
      due.map((entry) => ({ surveyId: entry.surveyId, step: entry.step, asOf: asOf.toISOString() })),
    );
    // A page's marks are independent conditional writes: in parallel, a sweep of a minute at a high SES quota
    // fits its function's timeout.
    const marked = await Promise.all(due.map((entry) => deps.surveys.markQueued(entry)));
    const taken = marked.filter(Boolean).length;
    queued += due.length;
    // Entries that changed under us (cancelled, claimed) are gone from the index; none left means a stuck page.
    if (taken === 0) break;
  }
  return { queued };
}
