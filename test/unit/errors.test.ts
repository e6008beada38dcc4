import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esbuildOptions } from '#infra/constructs/bundling.ts';

/**
 * Error names are what dead letters (`errorName`), logs and the staff API's codes say. The bundles are minified
 * without keeping names, so each error must name itself: checked on the modules built as the functions are.
 */
const MODULES = ['shared/domain/errors.ts', 'shared/config/deployed.ts', 'shared/adapters/aws/dynamodb.ts'];
const ROOT = resolve(import.meta.dirname, '../..');

let dir: string;
let built: Record<string, unknown>[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'closeloop-error-names-'));
  built = [];
  for (const [i, module] of MODULES.entries()) {
    const outfile = join(dir, `m${i}.mjs`);
    await build({
      ...esbuildOptions({ tracing: false }),
      absWorkingDir: ROOT,
      entryPoints: [resolve(ROOT, module)],
      outfile,
      logLevel: 'error',
    });
    built.push(await import(pathToFileURL(outfile).href));
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The abstract classes the others extend: never thrown themselves. */
const ABSTRACT = new Set(['DomainError', 'RefusalWithIssues']);

/** Every exported class that makes an Error, with an instance of it. */
function errorsOf(module: Record<string, unknown>) {
  return Object.entries(module).flatMap(([exported, value]) => {
    if (typeof value !== 'function' || !(value.prototype instanceof Error) || ABSTRACT.has(exported)) return [];
    const made = Reflect.construct(value, ['the message', { httpStatusCode: 400 }]) as Error;
    return [{ exported, made }];
  });
}

describe('error names in the bundles', () => {
  it('builds the modules minified, renaming their classes', () => {
    const domain = built[0] as Record<string, { name: string }>;
    // What the names would read without the explicit ones: not the classes' own.
    expect(domain.InvalidInput?.name).not.toBe('InvalidInput');
  });

  it('names every error after its class, in its message and stack too', () => {
    const found = built.flatMap(errorsOf);
    expect(found.map((e) => e.exported)).toEqual(
      expect.arrayContaining([
        'InvalidInput',
        'SurveyClosed',
        'Forbidden',
        'InvalidConfiguration',
        'ConditionalCheckFailedException',
        'TransactionCanceledException',
      ]),
    );
    expect(found.length).toBeGreaterThanOrEqual(21);
    for (const { exported, made } of found) {
      expect(made.name, exported).toBe(exported);
      expect(String(made), exported).toBe(`${exported}: the message`);
      expect(made.stack?.split('\n')[0], exported).toBe(`${exported}: the message`);
    }
  });
});
