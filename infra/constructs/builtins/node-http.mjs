// Node's ESM facade of `node:http` reads every export, and one of them loads undici (~40 ms of cold start).
// Through require() nothing is read until used. Only these names are imported in our bundles; a new one fails
// the build ("No matching export"), never the function.
import { createRequire } from 'node:module';

const http = createRequire(import.meta.url)('node:http');
export default http;
export const { STATUS_CODES, Agent, request } = http;
