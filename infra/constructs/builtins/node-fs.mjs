// See node-http.mjs: the same lazy load for `node:fs`, whose ESM facade reads `fs.promises` and so loads
// `fs/promises` with readline, os and the REPL's history (~3 ms of cold start) for a function that reads one file.
import { createRequire } from 'node:module';

const fs = createRequire(import.meta.url)('node:fs');
export default fs;
export const { readFileSync } = fs;
