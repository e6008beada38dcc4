import { resolve } from 'node:path';

const builtins = resolve(import.meta.dirname, 'builtins');

/**
 * How every function is bundled: the CDK construct passes these to NodejsFunction (local esbuild), and the
 * benchmarks build with the same options, so the sizes and start-up times they report are those of what deploys.
 *
 * The AWS SDK is bundled, not taken from the Lambda runtime: the bundle starts ~130 ms faster than one importing
 * the runtime's unbundled SDK (`npm run bench` measures both), and it runs the SDK version the tests ran.
 */
export const BUNDLE = {
  format: 'esm',
  platform: 'node',
  target: 'node24',
  mainFields: ['module', 'main'],
  minify: true,
  bundleAwsSdk: true,
  // ESM bundles of CommonJS dependencies still call require() for Node built-ins.
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  alias: {
    'node:http': resolve(builtins, 'node-http.mjs'),
    'node:https': resolve(builtins, 'node-https.mjs'),
  },
} as const;
