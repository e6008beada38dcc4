/**
 * `npm run bench`: closeloop's figures, measured side by side in one run on this machine, printed as one table
 * and written as JSON to bench/results/. Never part of `npm test`; nothing here passes or fails on a time.
 *
 * BENCH_SURVEYS (default 2000) sets the burst; BENCH_ROUNDS (default 15) the fresh processes per bundle.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { startRuntimeProcess } from '../local/process.ts';
import { measureBundles } from './bundles.ts';
import { SesInbox } from './inbox.ts';
import { measureLifecycle } from './lifecycle.ts';
import { measureAnswerLatency, measurePipeline, writeBenchConfig } from './pipeline.ts';
import { measureReplyParsing } from './replies.ts';
import { measureReports } from './reports.ts';

const ROOT = resolve(import.meta.dirname, '..');
const env = z
  .object({
    BENCH_SURVEYS: z.coerce.number().int().min(100).max(20_000).default(2000),
    BENCH_ROUNDS: z.coerce.number().int().min(3).max(101).default(15),
    BENCH_LIFECYCLES: z.coerce.number().int().min(1).max(1000).default(20),
  })
  .parse(process.env);
const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);

// `npm run bench -- --scale`: the load model's Black-Friday replay instead (bench/scale/main.ts).
if (process.argv.includes('--scale')) {
  await import('./scale/main.ts');
  process.exit(0);
}

progress(`bundles: building every function and importing each in ${env.BENCH_ROUNDS} fresh processes`);
const workDir = mkdtempSync(join(tmpdir(), 'closeloop-bench-'));
const configFile = writeBenchConfig(ROOT, workDir);
// The deployed bundles are the ones the local runtime runs (one build, cached); the variants go inside the project,
// beside them.
const bundles = await measureBundles({
  outDir: resolve(ROOT, 'bench/results/bundles'),
  configFile,
  rounds: env.BENCH_ROUNDS,
});

progress('starting the local runtime');
const runtime = await startRuntimeProcess({ dataDir: workDir, env: { CLOSELOOP_CONFIG: configFile } });
let results: Record<string, unknown>;
try {
  const inbox = new SesInbox(runtime.urls.ses);
  progress(`pipeline: ${env.BENCH_SURVEYS} purchases, then the floor`);
  const { tokens, ...pipeline } = await measurePipeline({ urls: runtime.urls, inbox, surveys: env.BENCH_SURVEYS });
  progress('answer latency');
  // Each answer takes a survey of its own; each level first warms as many as it has in flight.
  const available = tokens.length - (1 + 4 + 16);
  const levels = [
    { concurrency: 1, requests: Math.min(100, Math.floor(available / 7)) },
    { concurrency: 4, requests: Math.min(200, Math.floor((available * 2) / 7)) },
    { concurrency: 16, requests: Math.min(400, Math.floor((available * 4) / 7)) },
  ];
  const latency = await measureAnswerLatency({ urls: runtime.urls, tokens, levels });
  progress(
    `lifecycle: ${env.BENCH_LIFECYCLES} surveys through the handlers, metered at their AWS clients and at DynamoDB`,
  );
  const lifecycle = await measureLifecycle({ urls: runtime.urls, inbox, configFile, surveys: env.BENCH_LIFECYCLES });
  progress('reports: a year of aggregates for 20 stores, and every answer of one store');
  const reports = await measureReports({
    dynamodbEndpoint: runtime.urls.dynamodb,
    stores: 20,
    answersPerDay: 20,
    rounds: 5,
  });
  progress('replies: reading a 5 MB reply beside a 5 KB one');
  const replies = await measureReplyParsing();
  results = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
    bundles,
    pipeline,
    latency,
    lifecycle,
    reports,
    replies,
  };
} finally {
  await runtime.stop();
  rmSync(workDir, { recursive: true, force: true });
}

const outDir = resolve(ROOT, 'bench/results');
mkdirSync(outDir, { recursive: true });
const file = resolve(outDir, `${new Date().toISOString().replaceAll(':', '-').slice(0, 19)}.json`);
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(resolve(outDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(formatTable(results));
console.log(`\nwritten to ${file}`);

/** The results as the README's table; long because it is one row per figure, in the README's order. */
function formatTable(r: Record<string, unknown>): string {
  const b = r.bundles as Awaited<ReturnType<typeof measureBundles>>;
  const p = r.pipeline as Omit<Awaited<ReturnType<typeof measurePipeline>>, 'tokens'>;
  const l = r.latency as Awaited<ReturnType<typeof measureAnswerLatency>>;
  const c = r.lifecycle as Awaited<ReturnType<typeof measureLifecycle>>;
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
  const rows: string[][] = [['figure', 'closeloop', 'beside it', 'target']];
  rows.push(['— per function —', '', `empty module: ${b.emptyModuleInitMs} ms`, '']);
  for (const f of b.functions) {
    rows.push([
      `${f.function} bundle`,
      kb(f.bytes),
      `names kept: ${kb(f.bytesWithNames)}; traced: ${kb(f.bytesTraced)}`,
      '< 250 KB',
    ]);
    rows.push([
      `${f.function} init (median of ${b.rounds})`,
      `${f.initMs} ms (+${f.initOverEmptyMs})`,
      `traced: ${f.initTracedMs} ms; names kept: ${f.initWithNamesMs} ms; source: ${f.sourceInitMs} ms`,
      '≤ +40 ms',
    ]);
  }
  rows.push(['— pipeline —', '', '', '']);
  rows.push([
    `surveys/s, burst of ${p.surveys}`,
    `${p.pipelinePerSecond}/s (${p.pipelineSeconds} s)`,
    `floor ${p.floorPerSecond}/s (${p.floorSeconds} s), ${p.inFlight} in flight`,
    '≥ 0.5 × floor',
  ]);
  rows.push(['pipeline ÷ floor', String(p.ratio), '', '≥ 0.5']);
  rows.push([
    'floor parts alone',
    `${p.dynamoDbWritesPerSecond} DynamoDB writes/s`,
    `${p.sesSendsPerSecond} SES sends/s`,
    '',
  ]);
  rows.push(['— answer latency (POST) —', '', '', '']);
  for (const level of l) {
    rows.push([
      `concurrency ${level.concurrency} (${level.requests})`,
      `p50 ${level.p50Ms} ms, p99 ${level.p99Ms} ms`,
      `max ${level.maxMs} ms`,
      '',
    ]);
  }
  rows.push(['— one survey lifecycle —', '', '', '']);
  for (const req of c.requestsPerSurvey) {
    const units = req.key.startsWith('DynamoDB') ? `, ${req.capacityUnitsPerSurvey} capacity units` : '';
    rows.push([`  ${req.key}`, String(req.perSurvey), `requests/survey${units}`, '']);
  }
  rows.push([
    '  DynamoDB capacity (the mix)',
    `${c.writeCapacityUnitsPerSurvey} WRU, ${c.readCapacityUnitsPerSurvey} RRU`,
    Object.entries(c.mix)
      .map(([answer, share]) => `${Math.round(share * 100)} % ${answer}s`)
      .join(', '),
    '',
  ]);
  for (const k of c.perClass) {
    rows.push([
      `  ${k.class}, whole path (${k.surveys})`,
      `${k.writeUnitsPerSurvey} WRU, ${k.readUnitsPerSurvey} RRU, ${k.writeRequestsPerSurvey} write requests`,
      Object.entries(k.writeUnitsByTarget)
        .map(([target, units]) => `${target} ${units}`)
        .join(', '),
      k.class === 'passive' ? '≤ 28 WRU' : '',
    ]);
  }
  rows.push(['  Lambda', `${c.invocationsPerSurvey} invocations`, `${c.lambdaGbSecondsPerSurvey} GB-s`, '']);
  for (const line of c.costPer1000) rows.push([`  $ / 1,000: ${line.service}`, `$${line.dollarsPer1000}`, '', '']);
  rows.push([
    `cost / 1,000 surveys (${c.prices.region}, ${c.prices.asOf})`,
    `$${c.totalPer1000}`,
    `SES for every email sent $${c.sesPer1000}: +${c.overEveryEmailPercent} %; the survey email alone $${c.floorPer1000}: +${c.aboveFloorWithoutLoopEmailsPercent} % without the loop's emails`,
    '≤ +25 %',
  ]);
  const u = c.unanswered;
  rows.push([
    `  unanswered, with its reminder, whole path (${u.surveys})`,
    `${u.writeUnitsPerSurvey} WRU, ${u.readUnitsPerSurvey} RRU, ${u.writeRequestsPerSurvey} write requests`,
    Object.entries(u.writeUnitsByTarget)
      .map(([target, units]) => `${target} ${units}`)
      .join(', '),
    '',
  ]);
  rows.push([
    'cost / 1,000 unanswered surveys',
    `$${u.totalPer1000}`,
    `SES for every email sent $${u.sesPer1000}: +${u.overEveryEmailPercent} %; the survey email alone $${c.floorPer1000}: +${u.aboveFloorWithoutReminderPercent} % without the reminder's email`,
    '≤ +15 %',
  ]);
  const rep = r.reports as Awaited<ReturnType<typeof measureReports>>;
  rows.push([`— reports over a year (${rep.answersPerYearAtOneStore} answers at one store) —`, '', '', '']);
  for (const m of rep.measurements)
    rows.push([`  ${m.what}`, `${m.requests} requests, ${m.readCapacityUnits} RRU`, `${m.medianMs} ms (median)`, '']);
  rows.push([
    '  read units: every answer ÷ aggregates',
    `${rep.readUnitsRatio}×`,
    rep.sameResult ? 'same NPS and count' : 'RESULTS DIFFER',
    '',
  ]);
  const rp = r.replies as Awaited<ReturnType<typeof measureReplyParsing>>;
  rows.push([
    `reading a 5 MB email reply (median of ${rp.rounds})`,
    `${rp.fiveMbMs} ms`,
    `5 KB reply: ${rp.fiveKbMs} ms`,
    '< 1,000 ms',
  ]);
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ')).join('\n');
}
