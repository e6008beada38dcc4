/**
 * How every function is bundled: the CDK construct passes these to NodejsFunction (local esbuild), and the
 * benchmarks build with the same options, so the sizes and start-up times they report are those of what deploys.
 */
export const BUNDLE = {
  format: 'esm',
  platform: 'node',
  target: 'node24',
  mainFields: ['module', 'main'],
  minify: true,
  // ESM bundles of CommonJS dependencies still call require() for Node built-ins.
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
} as const;
