/**
 * `npm run bench:compare -- <git ref> [rounds]`: the pipeline burst of `npm run bench`, run alternately by the tree
 * at <ref> and by this one, on this machine, so that "× the ratio on the same machine" is read from one machine
 * state instead of from runs hours apart. Clones <ref> into a temporary directory and installs its dependencies
 * (`npm ci`: the registry must be reachable); each burst runs in a fresh process with that tree's own runtime and
 * bench code. Prints each burst and the comparison; writes it to bench/results/compare-<time>.json.
 *
 * BENCH_SURVEYS (default 2000) sets the burst. The ref must have `local/process.ts`, `bench/inbox.ts` and
 * `bench/pipeline.ts` as this tree does (every commit since 2026-11-29 does).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeBenchConfig } from './pipeline.ts';
import { comparePipelines, type PipelineRun } from './pipeline-compare.ts';

const ROOT = resolve(import.meta.dirname, '..');
const progress = (line: string) => process.stderr.write(`[compare] ${line}\n`);

/** One burst by the tree at `root`, with that tree's modules; prints its figures as JSON on the last line. */
async function once(root: string, surveys: number) {
  const { startRuntimeProcess } = await import(join(root, 'local/process.ts'));
  const { SesInbox } = await import(join(root, 'bench/inbox.ts'));
  const { measurePipeline } = await import(join(root, 'bench/pipeline.ts'));
  const workDir = mkdtempSync(join(tmpdir(), 'closeloop-compare-'));
  const configFile = writeBenchConfig(root, workDir);
  const runtime = await startRuntimeProcess({ dataDir: workDir, env: { CLOSELOOP_CONFIG: configFile } });
  try {
    const { tokens: _tokens, ...figures } = await measurePipeline({
      urls: runtime.urls,
      inbox: new SesInbox(runtime.urls.ses),
      surveys,
    });
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    await runtime.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

const surveys = Number(process.env.BENCH_SURVEYS ?? 2000);
if (process.argv[2] === '--once') {
  await once(resolve(process.argv[3] ?? ROOT), surveys);
  process.exit(0);
}

const [ref, roundsArg = '3'] = process.argv.slice(2);
const rounds = Number(roundsArg);
if (!ref || !Number.isInteger(rounds) || rounds < 1 || rounds > 15)
  throw new Error('usage: npm run bench:compare -- <git ref> [rounds, 1–15]');
const baselineDir = mkdtempSync(join(tmpdir(), 'closeloop-baseline-'));
try {
  progress(`cloning ${ref} and installing its dependencies`);
  execFileSync('git', ['clone', '--quiet', ROOT, baselineDir]);
  execFileSync('git', ['-C', baselineDir, 'checkout', '--quiet', ref]);
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: baselineDir, stdio: 'ignore' });
  const trees = { baseline: baselineDir, current: ROOT } as const;
  const runs: (PipelineRun & Record<string, unknown>)[] = [];
  for (let i = 1; i <= rounds; i++) {
    // Which tree goes first alternates, so that neither always meets the machine as the other left it.
    const order: PipelineRun['tree'][] = i % 2 === 1 ? ['baseline', 'current'] : ['current', 'baseline'];
    for (const tree of order) {
      const out = execFileSync(process.execPath, [import.meta.filename, '--once', trees[tree]], {
        cwd: trees[tree],
        env: { ...process.env, BENCH_SURVEYS: String(surveys) },
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const figures = JSON.parse(out.toString().trim().split('\n').at(-1) ?? '{}');
      runs.push({ tree, ...figures });
      progress(
        `round ${i} ${tree}: ${figures.pipelinePerSecond}/s ÷ floor ${figures.floorPerSecond}/s = ${figures.ratio}`,
      );
    }
  }
  const comparison = { ref, surveys, rounds, ...comparePipelines(runs), runs };
  console.log(JSON.stringify(comparison, null, 2));
  mkdirSync(resolve(ROOT, 'bench/results'), { recursive: true });
  const stamp = new Date().toISOString().slice(0, 19).replaceAll(':', '-');
  writeFileSync(resolve(ROOT, `bench/results/compare-${stamp}.json`), `${JSON.stringify(comparison, null, 2)}\n`);
} finally {
  rmSync(baselineDir, { recursive: true, force: true });
}
