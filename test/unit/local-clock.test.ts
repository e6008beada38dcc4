import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalClock } from '#local/clock.ts';
import { LocalFunction } from '#local/functions/host.ts';

const clock = new LocalClock(new Date('2026-10-01T09:00:00Z'));
const fn = new LocalFunction('WhatTime', {
  entry: resolve(import.meta.dirname, '../fixtures/functions/what-time.ts'),
  env: {},
  timeoutSeconds: 30,
  memoryMb: 128,
  concurrency: 1,
  onOutput: () => undefined,
  clock: clock.shared,
});
afterAll(() => fn.close());

interface Seen {
  now: number;
  constructed: number;
  called: string;
  fromValue: string;
  parsed: number;
  utc: number;
  isDate: boolean;
  subclass: number;
  remainingMs: number;
}
const seen = async () => (await fn.invoke({})) as Seen;
const near = (ms: number, expected: number) => Math.abs(ms - expected) < 60_000;

describe('the local runtime’s clock', () => {
  it('is what a function’s Date reads, from the start and when moved, and only the current time moves', async () => {
    const first = await seen();
    const start = Date.parse('2026-10-01T09:00:00Z');
    expect(near(first.now, start) && near(first.constructed, start) && near(first.subclass, start)).toBe(true);
    expect(first.called).toMatch(/ Oct 01 2026 /);
    expect(first).toMatchObject({ fromValue: '1970-01-01T00:00:00.000Z', parsed: 1767225600000, utc: 1767225600000 });
    expect(first.isDate).toBe(true);
    // Timeouts are real: the clock does not eat the function's remaining time.
    expect(first.remainingMs).toBeGreaterThan(25_000);
    expect(first.remainingMs).toBeLessThanOrEqual(30_000);

    // The same warm instance follows the clock as it moves, and real time once it is reset.
    clock.set(new Date('2026-11-15T12:00:00Z'));
    expect(near((await seen()).now, Date.parse('2026-11-15T12:00:00Z'))).toBe(true);
    expect(near(clock.now().getTime(), Date.parse('2026-11-15T12:00:00Z'))).toBe(true);
    clock.reset();
    expect(clock.offsetMs()).toBe(0);
    expect(near((await seen()).constructed, Date.now())).toBe(true);
  });

  it('refuses a time that is not one', () => {
    expect(() => clock.set(new Date('not a time'))).toThrow(RangeError);
  });
});
