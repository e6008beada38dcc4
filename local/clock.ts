/**
 * The local runtime's clock: real time plus an offset that a person, a test or the demo can move (the control
 * plane's `/clock`, or `CLOSELOOP_CLOCK` at start). The offset lives in shared memory that every function's worker
 * threads read, so handlers, schedules, the bus and the SMTP port all see the same moment, and a month of business
 * can be replayed in minutes. AWS has no such thing: handlers read the time as they always do (`new Date()`), and
 * only the emulator's workers see it shifted.
 */
export class LocalClock {
  /** Handed to each worker thread (see `shiftDate`). */
  readonly shared = new SharedArrayBuffer(8);
  private readonly offset = new BigInt64Array(this.shared);

  constructor(startAt?: Date) {
    if (startAt !== undefined) this.set(startAt);
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs());
  }

  offsetMs(): number {
    return Number(Atomics.load(this.offset, 0));
  }

  /** From now on the clock reads `time`, and runs on from there. */
  set(time: Date): void {
    if (Number.isNaN(time.getTime())) throw new RangeError('The clock needs a valid time');
    Atomics.store(this.offset, 0, BigInt(Math.round(time.getTime() - Date.now())));
  }

  /** Back to real time. */
  reset(): void {
    Atomics.store(this.offset, 0, 0n);
  }
}

/**
 * In a worker thread: `Date` (and `Date.now()`) read the runtime's clock from `shared`. Dates built from a value,
 * parsing and `Date.UTC` are untouched; `instanceof Date` holds for every date. Installed before the handler's
 * module is imported, so what it captures is the shifted `Date`.
 */
export function shiftDate(shared: SharedArrayBuffer): void {
  const offset = new BigInt64Array(shared);
  const RealDate = Date;
  const now = () => RealDate.now() + Number(Atomics.load(offset, 0));
  const Shifted = function (this: unknown, ...args: unknown[]) {
    // Called without `new`, Date returns the current time as a string.
    if (new.target === undefined) return new RealDate(now()).toString();
    return Reflect.construct(RealDate, args.length === 0 ? [now()] : args, new.target);
  } as unknown as DateConstructor;
  Object.setPrototypeOf(Shifted, RealDate);
  Object.defineProperty(Shifted, 'prototype', { value: RealDate.prototype });
  Object.defineProperty(Shifted, 'now', { value: now, writable: true, configurable: true });
  Object.defineProperty(Shifted, 'name', { value: 'Date' });
  globalThis.Date = Shifted;
}
