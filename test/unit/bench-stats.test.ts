import { describe, expect, it } from 'vitest';
import { median, percentile, pool } from '../../bench/stats.ts';

describe('benchmark statistics', () => {
  it('takes nearest-rank percentiles, whatever the order of the sample', () => {
    // Prepare
    const sample = [9, 1, 8, 2, 7, 3, 6, 4, 5, 10];

    // Act / Assess
    expect(median(sample)).toBe(5);
    expect(percentile(sample, 90)).toBe(9);
    expect(percentile(sample, 99)).toBe(10);
    expect(percentile(sample, 1)).toBe(1);
    expect(percentile([], 50)).toBeNaN();
  });

  it('runs a pool with at most the given tasks in flight and keeps the results in order', async () => {
    // Prepare
    let inFlight = 0;
    let most = 0;

    // Act
    const results = await pool([5, 1, 4, 2, 3, 0], 2, async (n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      return n * 10;
    });

    // Assess
    expect(results).toEqual([50, 10, 40, 20, 30, 0]);
    expect(most).toBe(2);
  });
});
