import { describe, expect, it } from 'vitest';
import { comparePipelines } from '../../bench/pipeline-compare.ts';
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

  it('compares two trees by their median ratios, their pooled ratios and their throughput', () => {
    // Prepare: the floor swings between bursts, as it does on a shared machine
    const runs = [
      { tree: 'baseline', pipelinePerSecond: 30, floorPerSecond: 300 },
      { tree: 'current', pipelinePerSecond: 50, floorPerSecond: 500 },
      { tree: 'current', pipelinePerSecond: 45, floorPerSecond: 300 },
      { tree: 'baseline', pipelinePerSecond: 28, floorPerSecond: 400 },
      { tree: 'baseline', pipelinePerSecond: 35, floorPerSecond: 500 },
      { tree: 'current', pipelinePerSecond: 54, floorPerSecond: 450 },
    ] as const;

    // Act
    const compared = comparePipelines(runs);

    // Assess: ratios 0.1 / 0.07 / 0.07 against 0.1 / 0.15 / 0.12
    expect(compared.baseline).toEqual({ runs: 3, medianRatio: 0.07, pooledRatio: 0.0775, medianPerSecond: 30 });
    expect(compared.current).toEqual({ runs: 3, medianRatio: 0.12, pooledRatio: 0.1192, medianPerSecond: 50 });
    expect(compared.ratioOfMedians).toBe(1.71);
    expect(compared.ratioPooled).toBe(1.54);
    expect(compared.throughput).toBe(1.67);
    expect(() => comparePipelines(runs.filter((run) => run.tree === 'current'))).toThrow(/no baseline run/);
  });
});
