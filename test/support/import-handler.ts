/**
 * Run in a fresh Node process with a function's environment, as Lambda starts it: `node import-handler.ts <task
 * folder> <handler>`. Resolves the handler as Lambda does (`index.handler` → index.mjs, .js or .cjs, export
 * `handler`), imports the module (its cold start, which reads and checks the environment) and exits 0 when the
 * export is a function; otherwise prints why and exits 1.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir, handler] = process.argv.slice(2);
if (dir === undefined || handler === undefined) throw new Error('usage: import-handler.ts <task folder> <handler>');
const dot = handler.lastIndexOf('.');
const [modulePart, exportName] = [handler.slice(0, dot), handler.slice(dot + 1)];
const file = ['.mjs', '.js', '.cjs'].map((ext) => resolve(dir, `${modulePart}${ext}`)).find(existsSync);
try {
  if (dot < 1 || file === undefined) throw new Error(`Runtime.ImportModuleError: no module ${modulePart} in ${dir}`);
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  if (typeof module[exportName] !== 'function')
    throw new Error(`Runtime.HandlerNotFound: ${modulePart}.${exportName} is not a function`);
  process.exit(0);
} catch (error) {
  process.stdout.write((error as Error).message);
  process.exit(1);
}
