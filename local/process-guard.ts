import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/**
 * What keeps the local runtime a good citizen of the developer's machine: one runtime per data folder, no port
 * taken silently from a stale process, and nothing left running once whoever started it is gone.
 */

/** Whether a process with this id is alive (signal 0 tests without signalling). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the data folder for this process: a second runtime on the same data would corrupt it. A lock left by a
 * runtime that died is taken over. Returns the release.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = resolve(dataDir, 'runtime.pid');
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid))
      throw new Error(
        `another closeloop runtime (pid ${pid}) is using ${dataDir}; stop it (kill ${pid}) or set CLOSELOOP_DATA_DIR`,
      );
  }
  writeFileSync(file, String(process.pid));
  return () => {
    if (existsSync(file) && readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file, { force: true });
  };
}

/** Fails, naming the variable, when a fixed port is already taken (by a runtime left from an earlier run, say). */
export async function requireFreePorts(ports: Record<string, number>): Promise<void> {
  for (const [variable, port] of Object.entries(ports)) {
    if (port === 0) continue;
    const free = await new Promise<boolean>((done) => {
      const server = createServer();
      server.once('error', () => done(false));
      server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => done(true)));
    });
    if (!free)
      throw new Error(
        `port ${port} (${variable}) is in use by another process — a runtime left from an earlier run? Stop it, or set ${variable}`,
      );
  }
}

/**
 * Calls `gone` once the process that started this one is gone (it was re-parented): `npm start` stopped with
 * SIGTERM or killed outright must not leave the runtime serving every port. Checks every second.
 */
export function onParentGone(gone: () => void): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      gone();
    }
  }, 1000);
  timer.unref();
}

/** CLOSELOOP_* variables set but read by nothing: a typo (`CLOSELOOP_HTTP_PROT`) would otherwise go unnoticed. */
export function unknownVariables(env: NodeJS.ProcessEnv, known: readonly string[]): string[] {
  return Object.keys(env).filter((name) => name.startsWith('CLOSELOOP_') && !known.includes(name));
}
