import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/runtime.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'closeloop-proc-'));
  dirs.push(dir);
  return dir;
};

const zeroPorts = {
  CLOSELOOP_HTTP_PORT: '0',
  CLOSELOOP_EVENTS_PORT: '0',
  CLOSELOOP_SES_PORT: '0',
  CLOSELOOP_DYNAMODB_PORT: '0',
  CLOSELOOP_SMTP_PORT: '0',
  CLOSELOOP_LOG_LEVEL: 'silent',
};

/** Starts `command` as a developer would, and resolves with its output once it is ready or has exited. */
function start(command: string[], env: Record<string, string>) {
  const child = spawn(command[0] as string, command.slice(1), {
    cwd: ROOT,
    env: { ...process.env, ...zeroPorts, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const settled = new Promise<{ output: string; exitCode: number | null; urls?: Record<string, string> }>((done) => {
    const timer = setInterval(() => {
      const ready = output.split('\n').find((line) => line.startsWith('CLOSELOOP_READY '));
      if (ready) {
        clearInterval(timer);
        done({ output, exitCode: null, urls: JSON.parse(ready.slice('CLOSELOOP_READY '.length)) });
      }
    }, 100);
    child.on('exit', (code) => {
      clearInterval(timer);
      done({ output, exitCode: code });
    });
  });
  return { child, settled };
}

const node = [process.execPath, 'local/start.ts'];

function refused(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return fetch(`http://${hostname}:${port}/`).then(
    () => false,
    () => true,
  );
}

function holdPort(): Promise<{ server: Server; port: number }> {
  return new Promise((done) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => done({ server, port: (server.address() as { port: number }).port }));
  });
}

describe('the local runtime as a process on a developer machine', () => {
  it('stops everything when npm start is stopped with SIGTERM (npm does not pass it on)', async () => {
    const { child, settled } = start(['npm', 'start'], { CLOSELOOP_DATA_DIR: dataDir() });
    const { urls, output } = await settled;
    expect(urls, output).toBeDefined();
    const ports = ['http', 'events', 'ses', 'dynamodb'].map((name) => urls?.[name] as string);
    expect(await Promise.all(ports.map(refused))).toEqual([false, false, false, false]);

    child.kill('SIGTERM');

    await eventually(
      async () => ((await Promise.all(ports.map(refused))).every(Boolean) ? true : undefined),
      'every port free',
      20_000,
    );
  }, 120_000);

  it('refuses, in one line naming it, a port held by a process left from an earlier run', async () => {
    const stale = await holdPort();
    try {
      const { settled } = start(node, { CLOSELOOP_DATA_DIR: dataDir(), CLOSELOOP_DYNAMODB_PORT: String(stale.port) });
      const { exitCode, output } = await settled;
      expect(exitCode).toBe(1);
      expect(output.trim()).toBe(
        `[closeloop] failed to start: port ${stale.port} (CLOSELOOP_DYNAMODB_PORT) is in use by another process — a runtime left from an earlier run? Stop it, or set CLOSELOOP_DYNAMODB_PORT`,
      );
    } finally {
      stale.server.close();
    }
  });

  it('refuses a second runtime on the same data folder, naming the first', async () => {
    const shared = dataDir();
    const first = start(node, { CLOSELOOP_DATA_DIR: shared });
    expect((await first.settled).urls).toBeDefined();
    const second = await start(node, { CLOSELOOP_DATA_DIR: shared }).settled;
    expect(second.exitCode).toBe(1);
    expect(second.output).toContain(`another closeloop runtime (pid ${first.child.pid}) is using ${shared}`);
    first.child.kill('SIGTERM');
  }, 120_000);

  it('warns about a misspelt variable, takes a log level in any case, and says a bad value in one line', async () => {
    const bad = await start(node, { CLOSELOOP_DATA_DIR: dataDir(), CLOSELOOP_HTTP_PORT: 'eighty' }).settled;
    expect(bad.exitCode).toBe(1);
    expect(bad.output.trim().split('\n')).toHaveLength(1);
    expect(bad.output).toMatch(/^\[closeloop\] failed to start: CLOSELOOP_HTTP_PORT: /);
    const badClock = await start(node, { CLOSELOOP_DATA_DIR: dataDir(), CLOSELOOP_CLOCK: 'last tuesday' }).settled;
    expect(badClock.exitCode).toBe(1);
    expect(badClock.output.trim()).toBe(
      '[closeloop] failed to start: CLOSELOOP_CLOCK: an ISO 8601 date-time, such as 2026-10-01T09:00:00Z',
    );

    const misspelt = start(node, {
      CLOSELOOP_DATA_DIR: dataDir(),
      CLOSELOOP_HTTP_PROT: '3000',
      CLOSELOOP_LOG_LEVEL: 'warn',
    });
    const { urls, output } = await misspelt.settled;
    expect(urls, output).toBeDefined();
    expect(output).toContain('[closeloop] CLOSELOOP_HTTP_PROT is not a variable closeloop reads');
    misspelt.child.kill('SIGTERM');
  }, 120_000);
});
