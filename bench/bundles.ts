import { execFile } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { BUNDLE_FILE, BUNDLED_CONFIG, bundleDefines, esbuildOptions } from '../infra/constructs/bundling.ts';
import { buildFunctions, layOutTask } from '../local/functions/bundles.ts';
import { loadConfigFile, validatedConfigText } from '../shared/config/load.ts';
import {
  BINDING_ENV,
  type Binding,
  type EnvBinding,
  functionsOf,
  isEnvBinding,
  wiring,
} from '../shared/topology/wiring.ts';
import { median, round } from './stats.ts';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');

export interface BundleFigures {
  function: string;
  /** Bytes of the minified ESM bundle, built with the options the CDK construct uses. */
  bytes: number;
  /** The same bundle with esbuild's `keepNames` (every function renamed as created), which the bundles do without. */
  bytesWithNames: number;
  /** The same bundle built with tracing on (`operations.tracing`): the X-Ray tracer compiled in. */
  bytesTraced: number;
  /** Median module initialisation of the bundle in fresh processes, in ms. */
  initMs: number;
  /** The same, minus the empty module's median measured in the same rounds. */
  initOverEmptyMs: number;
  /** The same with tracing on (`operations.tracing`): the X-Ray tracer loaded, every AWS call a subsegment. */
  initTracedMs: number;
  /** Median initialisation of the bundle built with `keepNames`. */
  initWithNamesMs: number;
  /** Median initialisation of the unbundled TypeScript source with node_modules, for contrast. */
  sourceInitMs: number;
}

interface Target {
  name: string;
  entry: string;
  bindings: readonly Binding[];
  /** Queue consumers and mail receivers have a dead-letter queue. */
  queueConsumer: boolean;
}

const targets = (): Target[] => [
  ...wiring.consumers.map((c) => ({ name: c.id, entry: c.entry, bindings: c.bindings, queueConsumer: true })),
  ...wiring.http.map((f) => ({ name: f.id, entry: f.entry, bindings: f.bindings, queueConsumer: false })),
  ...wiring.mail.map((f) => ({ name: f.id, entry: f.entry, bindings: f.bindings, queueConsumer: true })),
  ...wiring.schedules.map((f) => ({ name: f.id, entry: f.entry, bindings: f.bindings, queueConsumer: false })),
];

/** The environment a function gets in AWS, with placeholder values: enough for its cold start, no network. */
function functionEnv(target: Target, configFile: string): Record<string, string> {
  const value: Record<EnvBinding, string> = {
    table: 'closeloop',
    bus: 'closeloop',
    mail: 'closeloop',
    signingKeys: 'closeloop/link-signing-key',
    publicBaseUrl: 'https://feedback.example.com',
    config: configFile,
    inboundMail: 'closeloop-inbound-mail',
    sendQueue: 'https://sqs.us-east-1.amazonaws.com/000000000000/send-survey',
    sourceSecrets: '{}',
    staffSignIn: JSON.stringify({ kind: 'token' }),
  };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    POWERTOOLS_SERVICE_NAME: 'closeloop',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  };
  for (const binding of target.bindings.filter(isEnvBinding)) env[BINDING_ENV[binding]] = value[binding];
  if (target.queueConsumer) {
    env.DEAD_LETTER_QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/000000000000/dlq';
    env.MAX_RECEIVE_COUNT = '5';
  }
  return env;
}

async function probe(file: string, env: Record<string, string>): Promise<number> {
  const { stdout } = await run(process.execPath, [resolve(ROOT, 'bench/import-probe.ts'), file], { env });
  return Number(stdout.trim());
}

/** A variant of the deployed bundles, built with one option changed, to see what that option costs. */
async function buildVariant(target: Target, dir: string, overrides: Record<string, unknown>, configFile: string) {
  const outfile = resolve(dir, BUNDLE_FILE);
  await build({
    ...esbuildOptions({ tracing: false }),
    ...overrides,
    absWorkingDir: ROOT,
    entryPoints: [resolve(ROOT, target.entry)],
    outfile,
    logLevel: 'error',
  });
  writeFileSync(resolve(dir, BUNDLED_CONFIG), validatedConfigText(loadConfigFile(configFile)));
  return { outfile, bytes: statSync(outfile).size, env: functionEnv(target, resolve(dir, BUNDLED_CONFIG)) };
}

/** The environment Lambda gives a traced function (`operations.tracing`): the tracer then traces every AWS call. */
const TRACED_ENV = {
  POWERTOOLS_TRACE_ENABLED: 'true',
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
  _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
};

/**
 * Measures the bundles the local runtime and the tests run (the same build, from the same cache) and, beside them,
 * variants that show what a choice costs: names kept, tracing on. Each round starts one
 * fresh process per bundle and variant, per source entry and for an empty module, in a shuffled order, so machine
 * noise falls on all of them alike.
 */
export async function measureBundles(options: { outDir: string; configFile: string; rounds: number }) {
  const empty = resolve(options.outDir, 'empty.mjs');
  mkdirSync(options.outDir, { recursive: true });
  writeFileSync(empty, '');
  const functions = functionsOf(wiring);
  const choices = { tracing: loadConfigFile(options.configFile).operations.tracing };
  const { dir } = await buildFunctions({ root: ROOT, cacheDir: resolve(ROOT, '.build/functions'), functions, choices });

  const built = [];
  for (const target of targets()) {
    const task = layOutTask({
      buildDir: dir,
      tasksDir: options.outDir,
      functionId: target.name,
      configFile: options.configFile,
    });
    const deployed = {
      outfile: task.entry,
      bytes: statSync(task.entry).size,
      env: functionEnv(target, task.configFile),
    };
    const variantDir = (name: string) => resolve(options.outDir, `${target.name}-${name}`);
    built.push({
      target,
      deployed,
      withNames: await buildVariant(target, variantDir('with-names'), { keepNames: true }, options.configFile),
      traced: await buildVariant(
        target,
        variantDir('traced'),
        { define: bundleDefines({ tracing: true }) },
        options.configFile,
      ),
      sourceEnv: functionEnv(target, task.configFile),
    });
  }

  const samples = new Map<string, number[]>();
  const add = (key: string, ms: number) => samples.set(key, [...(samples.get(key) ?? []), ms]);
  for (let round = 0; round < options.rounds; round++) {
    const jobs: [string, () => Promise<number>][] = [['empty', () => probe(empty, functionEnv(targetsEmpty, ''))]];
    for (const b of built) {
      const name = b.target.name;
      jobs.push([`bundle:${name}`, () => probe(b.deployed.outfile, b.deployed.env)]);
      jobs.push([`traced:${name}`, () => probe(b.traced.outfile, { ...b.traced.env, ...TRACED_ENV })]);
      jobs.push([`with-names:${name}`, () => probe(b.withNames.outfile, b.withNames.env)]);
      jobs.push([`source:${name}`, () => probe(resolve(ROOT, b.target.entry), b.sourceEnv)]);
    }
    for (const [key, job] of shuffle(jobs)) add(key, await job());
  }

  const emptyMs = median(samples.get('empty') ?? []);
  const medianOf = (key: string) => round(median(samples.get(key) ?? []));
  const figures: BundleFigures[] = built.map((b) => {
    const initMs = median(samples.get(`bundle:${b.target.name}`) ?? []);
    return {
      function: b.target.name,
      bytes: b.deployed.bytes,
      bytesWithNames: b.withNames.bytes,
      bytesTraced: b.traced.bytes,
      initMs: round(initMs),
      initOverEmptyMs: round(initMs - emptyMs),
      initTracedMs: medianOf(`traced:${b.target.name}`),
      initWithNamesMs: medianOf(`with-names:${b.target.name}`),
      sourceInitMs: medianOf(`source:${b.target.name}`),
    };
  });
  return { emptyModuleInitMs: round(emptyMs, 2), rounds: options.rounds, functions: figures };
}

const targetsEmpty: Target = { name: 'empty', entry: '', bindings: [], queueConsumer: false };

function shuffle<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}
