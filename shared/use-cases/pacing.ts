import type { Clock } from '../ports/clock.ts';

/**
 * Holds a run of writes to a rate: before each batch, waits until the writes so far fit `perSecond` since the
 * first. A sweep that hands a minute's backlog over at once would otherwise write its due-index partitions
 * thousands of times in one second, past what one DynamoDB partition serves.
 */
export class Pacer {
  private readonly perSecond: number;
  private readonly clock: Clock;
  private readonly sleep: (ms: number) => Promise<void>;
  private startedAt: number | undefined;
  private written = 0;

  constructor(perSecond: number, clock: Clock, sleep: (ms: number) => Promise<void>) {
    this.perSecond = perSecond;
    this.clock = clock;
    this.sleep = sleep;
  }

  /** Waits (if need be) so that `writes` more keep the run at the rate, then counts them. */
  async admit(writes: number): Promise<void> {
    const now = this.clock.now().getTime();
    this.startedAt ??= now;
    const earliest = this.startedAt + (this.written / this.perSecond) * 1000;
    if (earliest > now) await this.sleep(earliest - now);
    this.written += writes;
  }
}
