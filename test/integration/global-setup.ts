import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

export interface RuntimeUrls {
  http: string;
  events: string;
  ses: string;
  dynamodb: string;
  smtp: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    runtime: RuntimeUrls;
  }
}

const root = resolve(import.meta.dirname, '../..');

/**
 * Starts closeloop's local runtime exactly as `npm start` does (same entry point, same wiring), on free ports with
 * a throwaway data folder, and stops it after the run. Tests talk to it through the real SDK clients.
 */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), 'closeloop-it-'));
  const child: ChildProcess = spawn(process.execPath, [resolve(root, 'local/start.ts')], {
    cwd: root,
    env: {
      ...process.env,
      CLOSELOOP_DATA_DIR: dataDir,
      CLOSELOOP_HTTP_PORT: '0',
      CLOSELOOP_EVENTS_PORT: '0',
      CLOSELOOP_SES_PORT: '0',
      CLOSELOOP_DYNAMODB_PORT: '0',
      CLOSELOOP_SMTP_PORT: '0',
      CLOSELOOP_RETRY_BASE_MS: '200',
      CLOSELOOP_LOG_LEVEL: 'SILENT',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const urls = await new Promise<RuntimeUrls>((resolveUrls, reject) => {
    const timer = setTimeout(() => reject(new Error(`local runtime did not start in 90 s:\n${output}`)), 90_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('CLOSELOOP_READY '));
      if (line) {
        clearTimeout(timer);
        resolveUrls(JSON.parse(line.slice('CLOSELOOP_READY '.length)) as RuntimeUrls);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local runtime exited with ${code}:\n${output}`));
    });
  });
  project.provide('runtime', urls);

  return async () => {
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((done) => setTimeout(done, 15_000).unref())]);
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  };
}
