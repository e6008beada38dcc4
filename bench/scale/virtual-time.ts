import type { Clock } from '../../shared/ports/clock.ts';

interface Timer {
  at: number;
  seq: number;
  wake: () => void;
}

/**
 * Virtual time for the load model: a clock every use case reads, and a `sleep` that parks the caller until the
 * replay reaches its time. Actors (arrivals, the sweep, each sender, the answers) run one at a time in time order,
 * each until its next sleep; the in-process table answers within the same turn, so a day passes in minutes and
 * every run of the same seed is the same run.
 */
export class VirtualTime implements Clock {
  private at: number;
  private seq = 0;
  private readonly heap: Timer[] = [];

  constructor(startMs: number) {
    this.at = startMs;
  }

  now(): Date {
    return new Date(this.at);
  }

  get ms(): number {
    return this.at;
  }

  sleep = (ms: number): Promise<void> =>
    new Promise((wake) => this.push({ at: this.at + Math.max(0, ms), seq: this.seq++, wake }));

  until = (atMs: number): Promise<void> => this.sleep(atMs - this.at);

  /** Runs every actor's turn up to `endMs`, in time order (ties in the order they slept). */
  async run(endMs: number): Promise<void> {
    while (this.heap.length > 0 && (this.heap[0] as Timer).at <= endMs) {
      const timer = this.pop();
      this.at = timer.at;
      timer.wake();
      // The woken actor runs on promises alone (no I/O, no real timers) until it sleeps again: one macrotask
      // later, it has.
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.at = Math.max(this.at, endMs);
  }

  private push(timer: Timer) {
    const heap = this.heap;
    heap.push(timer);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!earlier(heap[i] as Timer, heap[parent] as Timer)) break;
      [heap[i], heap[parent]] = [heap[parent] as Timer, heap[i] as Timer];
      i = parent;
    }
  }

  private pop(): Timer {
    const heap = this.heap;
    const top = heap[0] as Timer;
    const last = heap.pop() as Timer;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const left = 2 * i + 1;
        const right = left + 1;
        let least = i;
        if (left < heap.length && earlier(heap[left] as Timer, heap[least] as Timer)) least = left;
        if (right < heap.length && earlier(heap[right] as Timer, heap[least] as Timer)) least = right;
        if (least === i) break;
        [heap[i], heap[least]] = [heap[least] as Timer, heap[i] as Timer];
        i = least;
      }
    }
    return top;
  }
}

const earlier = (a: Timer, b: Timer) => a.at < b.at || (a.at === b.at && a.seq < b.seq);
