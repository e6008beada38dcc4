import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FunctionId } from '#shared/topology/wiring.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const ALIASES: Record<string, string> = {
  '#shared/': 'shared/',
  '#functions/': 'functions/',
  '#infra/': 'infra/',
  '#local/': 'local/',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

/** Every module a file imports (static, re-exported, type-only or dynamic): repository paths, or package names. */
function importsOf(file: string, text = readFileSync(join(ROOT, file), 'utf8')): string[] {
  const specifiers = [
    ...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm),
    ...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
    ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((match) => match[1] as string);
  return specifiers.map((specifier) => {
    const alias = Object.keys(ALIASES).find((prefix) => specifier.startsWith(prefix));
    if (alias !== undefined) return `${ALIASES[alias]}${specifier.slice(alias.length)}`;
    if (specifier.startsWith('.')) return relative(ROOT, resolve(ROOT, dirname(file), specifier));
    return specifier;
  });
}

/** The breaches of one rule: `file -> import` for every import of `files` that `forbidden` matches. */
function breaches(files: string[], forbidden: (target: string) => boolean): string[] {
  return files.flatMap((file) =>
    importsOf(file)
      .filter(forbidden)
      .map((target) => `${file} -> ${target}`),
  );
}

const under =
  (...dirs: string[]) =>
  (target: string) =>
    dirs.some((dir) => target.startsWith(dir));
const repoPath = (target: string) => /^(shared|functions|infra|local|test|bench|scripts)\//.test(target);

describe('the layers', () => {
  it('reads imports of every kind', () => {
    // Prepare
    const text = [
      "import { a } from '../domain/a.ts';",
      "import type { B } from '#shared/b.ts';",
      "export { c } from './c.ts';",
      "import 'side-effect';",
      "const d = await import('../../infra/d.ts');",
    ].join('\n');
    // Act
    const found = importsOf('shared/use-cases/x.ts', text);
    // Assess
    expect(found).toEqual(['shared/domain/a.ts', 'shared/b.ts', 'shared/use-cases/c.ts', 'side-effect', 'infra/d.ts']);
  });

  it('functions and shared never import the CDK app, the local runtime, tests or benchmarks', () => {
    const files = [...sourceFiles('functions'), ...sourceFiles('shared')];
    expect(breaches(files, under('infra/', 'local/', 'test/', 'bench/', 'scripts/'))).toEqual([]);
  });

  it('the domain imports only the domain and Node built-ins', () => {
    const files = sourceFiles('shared/domain');
    expect(breaches(files, (target) => !target.startsWith('shared/domain/') && !target.startsWith('node:'))).toEqual(
      [],
    );
  });

  it('domain, use cases, ports, contracts, rendering, i18n and config never import the SDK or an adapter', () => {
    const pure = ['domain', 'use-cases', 'ports', 'contracts', 'rendering', 'i18n', 'config', 'topology'];
    const files = pure.flatMap((dir) => sourceFiles(`shared/${dir}`));
    expect(
      breaches(
        files,
        (target) => target.startsWith('@aws-sdk/') || under('shared/adapters/', 'shared/platform/')(target),
      ),
    ).toEqual([]);
  });

  it('the catalogs and the topology import no renderer, use case or adapter', () => {
    const files = [...sourceFiles('shared/i18n'), ...sourceFiles('shared/topology')];
    expect(
      breaches(files, under('shared/rendering/', 'shared/use-cases/', 'shared/adapters/', 'shared/platform/')),
    ).toEqual([]);
  });

  it('the CDK app reads the domain, configuration, contracts and topology, never a use case, adapter or renderer', () => {
    const files = sourceFiles('infra');
    expect(
      breaches(
        files,
        (target) =>
          repoPath(target) &&
          !under('infra/', 'shared/domain/', 'shared/config/', 'shared/contracts/', 'shared/topology/')(target),
      ),
    ).toEqual([]);
  });

  it('the browser scripts import one another, and nothing else but types', () => {
    for (const file of sourceFiles('shared/rendering/browser')) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      const values = [...text.matchAll(/^import\s+(?!type\b)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
      expect(
        values.filter((specifier) => !specifier?.startsWith('./')),
        file,
      ).toEqual([]);
    }
  });

  it('HTML is written only through the escaping html template: no markup in a plain string, no escaping by hand', () => {
    const renderers = sourceFiles('shared')
      .filter((file) => !file.startsWith('shared/rendering/browser/') && !file.endsWith('.generated.ts'))
      // html.ts is the mechanism; chat.ts is Slack's format, whose `<…>` its own escaping guards.
      .filter((file) => file !== 'shared/rendering/html.ts' && file !== 'shared/rendering/chat.ts');
    for (const file of renderers) {
      const code = readFileSync(join(ROOT, file), 'utf8').split('\n');
      const text = code.filter((line) => !/^\s*(\*|\/\/|\/\*\*)/.test(line)).join('\n');
      // A template literal that opens with markup is an html`…` template.
      expect(text.match(/(?<!html)`<[a-zA-Z!/]/g) ?? [], file).toEqual([]);
      expect(text, file).not.toMatch(/\bescapeHtml\(/);
    }
  });

  it('a handler never imports another handler', () => {
    expect(breaches(sourceFiles('functions'), under('functions/'))).toEqual([]);
  });

  it('every handler reads its environment through functionEnv with its own id, and never process.env', async () => {
    const { describedFunction, functionsOf, wiring } = await import('#shared/topology/wiring.ts');
    const all = [...functionsOf(wiring), wiring.signingKeyRotation];
    for (const fn of all) {
      const text = readFileSync(join(ROOT, fn.entry), 'utf8');
      expect(text, fn.entry).not.toMatch(/process\.env/);
      const calls = [...text.matchAll(/functionEnv\('([^']+)'\)/g)].map((match) => match[1]);
      expect(
        calls.every((id) => id === fn.id),
        `${fn.entry} reads ${calls.join(', ')}`,
      ).toBe(true);
      if (fn.bindings.length > 0) expect(calls, fn.entry).toEqual([fn.id]);
      expect(describedFunction(fn.id as FunctionId)).toBe(fn);
    }
  });

  it('HTTP handlers catch nothing: one middleware maps errors, and each body stays a parse and a call', async () => {
    const { wiring } = await import('#shared/topology/wiring.ts');
    for (const fn of wiring.http) {
      const text = readFileSync(join(ROOT, fn.entry), 'utf8');
      expect(text, fn.entry).not.toMatch(/\bcatch\s*[({]/);
      // The export statement runs to the next line that starts at the margin (or the end of the file).
      const lines = text.slice(text.indexOf('export const handler')).split('\n');
      const end = lines.findIndex((line, i) => i > 0 && /^\S/.test(line));
      const statement = lines.slice(0, end < 0 ? undefined : end);
      const body = statement.slice(statement.findIndex((line) => line.includes('.handler(')));
      // httpErrors itself, or a platform helper made of it (customerPageErrors).
      expect(statement.join('\n'), fn.entry).toMatch(/\.use\(\s*(httpErrors|customerPageErrors)\(/);
      expect(body.filter((line) => line.trim() !== '').length, `${fn.entry}: handler body`).toBeLessThanOrEqual(30);
    }
  });
});
