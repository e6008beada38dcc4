import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { BUNDLE } from '../infra/constructs/bundling.ts';
import { BUNDLED_CONFIG } from '../infra/constructs/closeloop-function.ts';
import { BINDING_ENV, type Binding, wiring } from '../infra/wiring.ts';
import { median, round } from './stats.ts';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');

export interface BundleFigures {
  function: string;
  /** Bytes of the minified ESM bundle, built with the options the CDK construct uses. */
  bytes: number;
  /** The same bundle with the AWS SDK left out, for Lambda's runtime to provide. */
  bytesWithoutSdk: number;
  /** Median module initialisation of the bundle in fresh processes, in ms. */
  initMs: number;
  /** The same, minus the empty module's median measured in the same rounds. */
  initOverEmptyMs: number;
  /** Median initialisation of the bundle without the SDK, which it then imports unbundled from node_modules. */
  initWithoutSdkMs: number;
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
  const value: Record<Binding, string> = {
    table: 'closeloop',
    bus: 'closeloop',
    mail: 'closeloop',
    signingKeys: 'closeloop/link-signing-key',
    publicBaseUrl: 'https://feedback.example.com',
    config: configFile,
    inboundMail: 'closeloop-inbound-mail',
    sendQueue: 'https://sqs.us-east-1.amazonaws.com/000000000000/send-survey',
    dueIndex: 'gsi2',
    staffIndexes: 'gsi1,gsi3',
    staffSignIn: JSON.stringify({ kind: 'token' }),
    erasure: 'gsi1',
  };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    POWERTOOLS_SERVICE_NAME: 'closeloop',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  };
  for (const binding of target.bindings) env[BINDING_ENV[binding]] = value[binding];
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

/**
 * Builds every function as the CDK construct does (same esbuild options, the configuration beside the bundle)
 * into `outDir`, and measures module initialisation: each round starts one fresh process per bundle, per
 * source entry and for an empty module, in a shuffled order, so machine noise falls on all of them alike.
 */
export async function measureBundles(options: { outDir: string; configFile: string; rounds: number }) {
  const empty = resolve(options.outDir, 'empty.mjs');
  mkdirSync(options.outDir, { recursive: true });
  writeFileSync(empty, '');

  const bundle = async (target: Target, dir: string, bundleSdk: boolean) => {
    const outfile = resolve(dir, 'index.mjs');
    await build({
      entryPoints: [resolve(ROOT, target.entry)],
      outfile,
      bundle: true,
      format: BUNDLE.format,
      platform: BUNDLE.platform,
      target: BUNDLE.target,
      mainFields: [...BUNDLE.mainFields],
      minify: BUNDLE.minify,
      banner: { js: BUNDLE.banner },
      alias: { ...BUNDLE.alias },
      external: bundleSdk ? [] : ['@aws-sdk/*'],
      logLevel: 'error',
    });
    copyFileSync(options.configFile, resolve(dir, BUNDLED_CONFIG));
    return { outfile, bytes: statSync(outfile).size, env: functionEnv(target, resolve(dir, BUNDLED_CONFIG)) };
  };
  const built = [];
  for (const target of targets()) {
    built.push({
      target,
      deployed: await bundle(target, resolve(options.outDir, target.name), BUNDLE.bundleAwsSdk),
      withoutSdk: await bundle(target, resolve(options.outDir, `${target.name}-without-sdk`), false),
      sourceEnv: functionEnv(target, options.configFile),
    });
  }

  const samples = new Map<string, number[]>();
  const add = (key: string, ms: number) => samples.set(key, [...(samples.get(key) ?? []), ms]);
  for (let round = 0; round < options.rounds; round++) {
    const jobs: [string, () => Promise<number>][] = [['empty', () => probe(empty, functionEnv(targetsEmpty, ''))]];
    for (const b of built) {
      jobs.push([`bundle:${b.target.name}`, () => probe(b.deployed.outfile, b.deployed.env)]);
      jobs.push([`without-sdk:${b.target.name}`, () => probe(b.withoutSdk.outfile, b.withoutSdk.env)]);
      jobs.push([`source:${b.target.name}`, () => probe(resolve(ROOT, b.target.entry), b.sourceEnv)]);
    }
    for (const [key, job] of shuffle(jobs)) add(key, await job());
  }

  const emptyMs = median(samples.get('empty') ?? []);
  const figures: BundleFigures[] = built.map((b) => {
    const initMs = median(samples.get(`bundle:${b.target.name}`) ?? []);
    return {
      function: b.target.name,
      bytes: b.deployed.bytes,
      bytesWithoutSdk: b.withoutSdk.bytes,
      initMs: round(initMs),
      initOverEmptyMs: round(initMs - emptyMs),
      initWithoutSdkMs: round(median(samples.get(`without-sdk:${b.target.name}`) ?? [])),
      sourceInitMs: round(median(samples.get(`source:${b.target.name}`) ?? [])),
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
