import { median, round } from './stats.ts';

/** One pipeline burst of one tree: surveys a second, and the emulator floor measured right after it. */
export interface PipelineRun {
  tree: 'baseline' | 'current';
  pipelinePerSecond: number;
  floorPerSecond: number;
}

/**
 * Two trees' pipeline figures from bursts alternated on one machine: each tree's median ratio (pipeline ÷ floor),
 * their quotient (the issue's "× today's ratio on the same machine"), the same over the pooled runs (every burst's
 * surveys over every floor's, which weighs the floor's swings evenly), and the plain throughput's quotient.
 */
export function comparePipelines(runs: readonly PipelineRun[]) {
  const of = (tree: PipelineRun['tree']) => runs.filter((run) => run.tree === tree);
  const figures = (tree: PipelineRun['tree']) => {
    const mine = of(tree);
    if (mine.length === 0) throw new Error(`no ${tree} run to compare`);
    const sum = (pick: (run: PipelineRun) => number) => mine.reduce((total, run) => total + pick(run), 0);
    return {
      runs: mine.length,
      medianRatio: median(mine.map((run) => run.pipelinePerSecond / run.floorPerSecond)),
      pooledRatio: sum((run) => run.pipelinePerSecond) / sum((run) => run.floorPerSecond),
      medianPerSecond: median(mine.map((run) => run.pipelinePerSecond)),
    };
  };
  const baseline = figures('baseline');
  const current = figures('current');
  return {
    baseline: { ...baseline, medianRatio: round(baseline.medianRatio, 4), pooledRatio: round(baseline.pooledRatio, 4) },
    current: { ...current, medianRatio: round(current.medianRatio, 4), pooledRatio: round(current.pooledRatio, 4) },
    ratioOfMedians: round(current.medianRatio / baseline.medianRatio, 2),
    ratioPooled: round(current.pooledRatio / baseline.pooledRatio, 2),
    throughput: round(current.medianPerSecond / baseline.medianPerSecond, 2),
  };
}
