import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startRuntimeProcess } from '#local/process.ts';
import { eventually, localClients } from '../support/runtime.ts';

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

  it('refuses a clock time that is not one, and keeps the clock where it was', async () => {
    for (const time of ['yesterday', '2026-13-45T00:00:00Z', ''])
      expect((await fetch(`${urls.events}/clock?time=${time}`, { method: 'POST' })).status, time).toBe(400);
    const clock = (await (await fetch(`${urls.events}/clock`)).json()) as { now: string; offsetMs: number };
    expect(clock.offsetMs).toBe(0);
    expect(Math.abs(Date.parse(clock.now) - Date.now())).toBeLessThan(60_000);
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

/** Whether a TCP connection to host:port is accepted ('open') or refused ('refused'). */
function probe(host: string, port: number): Promise<'open' | 'refused'> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, timeout: 5000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('open');
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(new Error(`no answer from ${host}:${port}`));
    });
    socket.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNREFUSED' ? resolve('refused') : reject(error),
    );
  });
}

describe('DynamoDB Local under the runtime', () => {
  it('listens on 127.0.0.1 only: not on another loopback address, not on the machine’s network addresses', async () => {
    const port = Number(new URL(urls.dynamodb).port);
    expect(await probe('127.0.0.1', port)).toBe('open');
    // Anything bound to every interface also answers on 127.0.0.2 (all of 127/8 is this machine on Linux).
    const elsewhere = [
      '127.0.0.2',
      ...Object.values(networkInterfaces())
        .flat()
        .filter((address) => address !== undefined && address.family === 'IPv4' && !address.internal)
        .map((address) => address?.address as string),
    ];
    for (const host of elsewhere) expect(await probe(host, port), host).toBe('refused');
  });

  it('dies with the runtime, even when the runtime is killed outright', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'closeloop-orphan-'));
    try {
      const runtime = await startRuntimeProcess({ dataDir });
      const port = Number(new URL(runtime.urls.dynamodb).port);
      expect(await probe('127.0.0.1', port)).toBe('open');

      runtime.child.kill('SIGKILL');

      // No one stops DynamoDB Local in order here: it notices on its own that its parent is gone.
      await eventually(
        async () => ((await probe('127.0.0.1', port)) === 'refused' ? true : undefined),
        'DynamoDB Local to exit after its parent',
        30_000,
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 150_000);
});
