import { resolve } from 'node:path';

const builtins = resolve(import.meta.dirname, 'builtins');

/**
 * How every function is bundled: the CDK construct passes these to NodejsFunction (local esbuild), and the local
 * runtime, the tests and the benchmarks build with `esbuildOptions` from the same values, so what runs here is what
 * deploys (an infra test compares the two builds byte for byte).
 *
 * The functions call AWS through closeloop's own small clients (`shared/adapters/aws/`: Signature Version 4 on
 * `node:https`, the credentials Lambda puts in the environment), not the SDK's: every bundle is ~300 KB lighter and
 * starts faster (`npm run bench`). The one SDK package bundled is `util-dynamodb` (marshalling), at its tested version.
 *
 * `keepNames` off: keeping names renames every function again as the code creates it, 2–5 ms of a cold start on
 * average (alternating fresh processes; `npm run bench` measures the variant) and 4 % of the bytes. Closeloop
 * reads no function's or class's name but its errors' (dead letters' `errorName`, the staff API's error codes), and
 * each error names itself (`shared/domain/errors.ts`; `test/unit/errors.test.ts` builds them so).
 */
export const BUNDLE = {
  format: 'esm',
  platform: 'node',
  target: 'node24',
  mainFields: ['module', 'main'],
  minify: true,
  keepNames: false,
  sourcemap: true,
  sourcesContent: false,
  bundleAwsSdk: true,
  // ESM bundles of CommonJS dependencies still call require() for Node built-ins.
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  alias: {
    'node:fs': resolve(builtins, 'node-fs.mjs'),
    'node:http': resolve(builtins, 'node-http.mjs'),
    'node:https': resolve(builtins, 'node-https.mjs'),
  },
} as const;

/** Where the validated configuration sits beside every bundle (Lambda's /var/task). */
export const BUNDLED_CONFIG = 'closeloop.config.json';

/** The file NodejsFunction writes an ESM bundle to, and so the module part of every function's handler. */
export const BUNDLE_FILE = 'index.mjs';

/**
 * What the configuration decides at build time. `tracing` (`operations.tracing`) is compiled in: without it the
 * X-Ray tracer is left out of the bundle altogether (~130 KB), not merely left unused.
 */
export interface BundleChoices {
  tracing: boolean;
}

/** The constants each bundle is built with, from the choices: esbuild's `define`. */
export function bundleDefines(choices: BundleChoices): Record<string, string> {
  return { 'process.env.CLOSELOOP_TRACING': JSON.stringify(String(choices.tracing)) };
}

/**
 * The esbuild options NodejsFunction derives from `BUNDLE` (`--bundle --target --platform --format --minify
 * --sourcemap --sources-content --keep-names --define --banner --main-fields --alias`), for esbuild's JavaScript API.
 */
export function esbuildOptions(choices: BundleChoices) {
  return {
    bundle: true,
    format: BUNDLE.format,
    platform: BUNDLE.platform,
    target: BUNDLE.target,
    mainFields: [...BUNDLE.mainFields],
    minify: BUNDLE.minify,
    keepNames: BUNDLE.keepNames,
    sourcemap: BUNDLE.sourcemap,
    sourcesContent: BUNDLE.sourcesContent,
    banner: { js: BUNDLE.banner },
    alias: { ...BUNDLE.alias },
    define: bundleDefines(choices),
    external: BUNDLE.bundleAwsSdk ? [] : ['@aws-sdk/*'],
  };
}
