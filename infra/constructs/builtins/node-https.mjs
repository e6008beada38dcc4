// See node-http.mjs: the same lazy load for `node:https`.
import { createRequire } from 'node:module';

const https = createRequire(import.meta.url)('node:https');
export default https;
export const { Agent, request } = https;
