import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { localClients } from '../support/runtime.ts';

const { urls } = localClients();

/** A raw request, with whatever Host and Origin a browser tab or a rebinding page would send. */
function raw(path: string, headers: Record<string, string>, method = 'GET'): Promise<number> {
  const { hostname, port } = new URL(urls.events);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method, headers }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the local runtime’s own endpoint', () => {
  it('survives object paths that climb out or do not decode, and stays up', async () => {
    for (const path of ['/closeloop-inbound-mail/..%2f..%2fsecrets.json', '/closeloop-inbound-mail/%E0%A4%A'])
      expect(await raw(path, { host: new URL(urls.events).host }), path).toBe(400);
    expect((await fetch(`${urls.http}/health`)).status).toBe(200);
    expect((await fetch(`${urls.events}/events?detail-type=none`)).status).toBe(200);
  });

  it('mints no staff token for a cross-site page or a rebound host name', async () => {
    const host = new URL(urls.events).host;
    expect(await raw('/staff-tokens', { host, origin: 'https://evil.example' }, 'POST')).toBe(403);
    expect(await raw('/staff-tokens', { host, origin: 'null' }, 'POST')).toBe(403);
    expect(await raw('/staff-tokens', { host: 'evil.example' }, 'POST')).toBe(403);
    expect(await raw('/faults', { host: `evil.example:${new URL(urls.events).port}` }, 'DELETE')).toBe(403);
    // This machine's own tools still may.
    expect(await raw('/staff-tokens', { host }, 'POST')).toBe(200);
  });
});
