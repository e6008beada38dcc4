import { createHash, randomUUID } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { resolve } from 'node:path';
import { build, version as esbuildVersion } from 'esbuild';
import { BUNDLE_FILE, BUNDLED_CONFIG, type BundleChoices, esbuildOptions } from '../../infra/constructs/bundling.ts';
import { loadConfigFile, validatedConfigText } from '../../shared/config/load.ts';
import type { FunctionDefinition } from '../../shared/topology/wiring.ts';

/** What a build was made from: the options and entries, and the hash of every file esbuild read. */
interface Manifest {
  key: string;
  dir: string;
  inputs: Record<string, string>;
}

/** Where a function's code sits, as Lambda's /var/task does: the bundle, and the configuration beside it. */
export interface FunctionTask {
  /** The module the handler is exported from. */
  entry: string;
  /** The value of CLOSELOOP_CONFIG_FILE for this function. */
  configFile: string;
}

/** Build folders no manifest names are removed once this old (a process started from one may still use it). */
const STALE_BUILD_MS = 24 * 60 * 60 * 1000;

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

function readManifest(file: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

/** True when every file the build read still has the content it had. */
function unchanged(root: string, manifest: Manifest): boolean {
  if (!existsSync(manifest.dir)) return false;
  return Object.entries(manifest.inputs).every(([path, hash]) => {
    try {
      return sha256(readFileSync(resolve(root, path))) === hash;
    } catch {
      return false;
    }
  });
}

/**
 * Every function bundled as the CDK construct bundles it (the same esbuild options and entry points) into
 * `<cacheDir>/<build>/<FunctionId>/index.mjs`. A build is recorded with the hash of every file it read; the next
 * call reuses it while none of them changed (by content, not time stamp), so a second `npm start` or test run
 * builds nothing. Concurrent callers each build into their own folder and the last one's record wins.
 */
export async function buildFunctions(options: {
  root: string;
  cacheDir: string;
  functions: readonly FunctionDefinition[];
  /** What the configuration compiles in, as the CDK construct gets it. */
  choices: BundleChoices;
  log?: (line: string) => void;
}): Promise<{ dir: string; rebuilt: boolean }> {
  const key = sha256(
    JSON.stringify({
      esbuildVersion,
      options: esbuildOptions(options.choices),
      entries: options.functions.map(({ id, entry }) => [id, entry]),
    }),
  );
  const manifestFile = resolve(options.cacheDir, 'current.json');
  const current = readManifest(manifestFile);
  if (current?.key === key && unchanged(options.root, current)) return { dir: current.dir, rebuilt: false };

  mkdirSync(options.cacheDir, { recursive: true });
  const dir = resolve(options.cacheDir, `build-${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`);
  const started = performance.now();
  const result = await build({
    ...esbuildOptions(options.choices),
    absWorkingDir: options.root,
    entryPoints: options.functions.map((fn) => ({ in: resolve(options.root, fn.entry), out: `${fn.id}/index` })),
    outdir: dir,
    outExtension: { '.js': BUNDLE_FILE.slice(BUNDLE_FILE.lastIndexOf('.')) },
    metafile: true,
    logLevel: 'error',
  });
  const inputs = Object.fromEntries(
    Object.keys(result.metafile.inputs).map((path) => [path, sha256(readFileSync(resolve(options.root, path)))]),
  );
  const manifest: Manifest = { key, dir, inputs };
  const temporary = `${manifestFile}.${randomUUID()}`;
  writeFileSync(temporary, JSON.stringify(manifest));
  renameSync(temporary, manifestFile);
  options.log?.(
    `built ${options.functions.length} function bundles in ${Math.round(performance.now() - started)} ms → ${dir}`,
  );
  pruneStaleBuilds(options.cacheDir, dir);
  return { dir, rebuilt: true };
}

function pruneStaleBuilds(cacheDir: string, keep: string): void {
  for (const name of readdirSync(cacheDir)) {
    const path = resolve(cacheDir, name);
    if (!name.startsWith('build-') || path === keep) continue;
    if (Date.now() - statSync(path).mtimeMs > STALE_BUILD_MS) rmSync(path, { recursive: true, force: true });
  }
}

/**
 * A function's task folder under `tasksDir`, laid out as Lambda unpacks the asset: the bundle (hard-linked from the
 * build, copied where links cannot be made) and the validated configuration as `closeloop.config.json` beside it.
 */
export function layOutTask(options: {
  buildDir: string;
  tasksDir: string;
  functionId: string;
  configFile: string;
}): FunctionTask {
  const from = resolve(options.buildDir, options.functionId);
  const to = resolve(options.tasksDir, options.functionId);
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  for (const file of readdirSync(from)) {
    try {
      linkSync(resolve(from, file), resolve(to, file));
    } catch {
      copyFileSync(resolve(from, file), resolve(to, file));
    }
  }
  // Validated as synth validates it, so the function reads what it reads in AWS.
  const configFile = resolve(to, BUNDLED_CONFIG);
  writeFileSync(configFile, validatedConfigText(loadConfigFile(options.configFile)));
  return { entry: resolve(to, BUNDLE_FILE), configFile };
}
