/**
 * Run in a fresh Node process: imports one module and prints how long the import (its whole module
 * initialisation, as a Lambda cold start runs it before the first event) took, in milliseconds.
 */
import { pathToFileURL } from 'node:url';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: node bench/import-probe.ts <module>');
const url = pathToFileURL(file).href;
const start = performance.now();
await import(url);
process.stdout.write(`${performance.now() - start}\n`);
