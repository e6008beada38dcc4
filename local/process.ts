import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

export interface RuntimeUrls {
  http: string;
  events: string;
  ses: string;
  dynamodb: string;
  smtp: string;
  /** The bearer token staff routes accept (CLOSELOOP_STAFF_TOKEN, or the one the runtime signed). */
  staffToken: string;
}

const root = resolve(import.meta.dirname, '..');

/**
 * Starts closeloop's local runtime as `npm start` does (same entry point, same wiring) in a child process, on free
 * ports with the given data folder, and resolves with its URLs once it prints them. For tests and benchmarks.
 */
export async function startRuntimeProcess(options: {
  dataDir: string;
  env?: Record<string, string>;
  startTimeoutMs?: number;
  /** In a process group of its own, so `crash` can kill it and then stop what it started (DynamoDB Local). */
  detached?: boolean;
}): Promise<{
  urls: RuntimeUrls;
  child: ChildProcess;
  stop: () => Promise<void>;
  crash: () => Promise<void>;
  /** The runtime's latest output (its last 64 KB): the functions' log lines, as CloudWatch Logs would hold them. */
  output: () => string;
}> {
  const child: ChildProcess = spawn(process.execPath, [resolve(root, 'local/start.ts')], {
    cwd: root,
    env: {
      ...process.env,
      CLOSELOOP_DATA_DIR: options.dataDir,
      CLOSELOOP_HTTP_PORT: '0',
      CLOSELOOP_EVENTS_PORT: '0',
      CLOSELOOP_SES_PORT: '0',
      CLOSELOOP_DYNAMODB_PORT: '0',
      CLOSELOOP_SMTP_PORT: '0',
      CLOSELOOP_LOG_LEVEL: 'SILENT',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  // The child's output is kept (its last 64 KB) for the error message, and always drained so it never blocks.
  let output = '';
  let started = false;
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-65_536);
  };
  const timeoutMs = options.startTimeoutMs ?? 90_000;
  const urls = await new Promise<RuntimeUrls>((resolveUrls, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`local runtime did not start in ${timeoutMs / 1000} s:\n${output}`)),
      timeoutMs,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      keep(chunk);
      if (started) return;
      const line = output.split('\n').find((l) => l.startsWith('CLOSELOOP_READY '));
      if (line) {
        started = true;
        clearTimeout(timer);
        resolveUrls(JSON.parse(line.slice('CLOSELOOP_READY '.length)) as RuntimeUrls);
      }
    });
    child.stderr?.on('data', keep);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local runtime exited with ${code}:\n${output}`));
    });
  });

  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((done) => setTimeout(done, 15_000).unref())]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  /**
   * The runtime dies at once (SIGKILL: no handler finishes, no queue is closed cleanly). DynamoDB Local, which
   * stands for a managed service that does not die with closeloop, is then stopped in order, so that writes it
   * acknowledged are on disk, as DynamoDB's are.
   */
  const crash = async () => {
    if (!options.detached || child.pid === undefined) throw new Error('crash needs a runtime started detached');
    const group = child.pid;
    const exited = new Promise((done) => child.once('exit', done));
    process.kill(group, 'SIGKILL');
    await exited;
    const alive = () => {
      try {
        process.kill(-group, 0);
        return true;
      } catch {
        return false;
      }
    };
    if (alive()) process.kill(-group, 'SIGTERM');
    for (let waited = 0; alive() && waited < 15_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
  };
  return { urls, child, stop, crash, output: () => output };
}
