import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type RuntimeUrls, startRuntimeProcess } from '../../local/process.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    runtime: RuntimeUrls;
  }
}

/**
 * Starts closeloop's local runtime exactly as `npm start` does, on free ports with a throwaway data folder, and
 * stops it after the run. Tests talk to it through the real SDK clients.
 */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), 'closeloop-it-'));
  const runtime = await startRuntimeProcess({
    dataDir,
    env: {
      CLOSELOOP_RETRY_BASE_MS: '200',
      // config/local.json plus a store with the default delays and reminders, and one sampled at 0 %.
      CLOSELOOP_CONFIG: resolve(import.meta.dirname, '../fixtures/config/runtime.json'),
      // Tests run the sweep themselves, for the moment they mean (POST /schedules/run), never by waiting.
      CLOSELOOP_SCHEDULE_INTERVAL_MS: '0',
    },
  });
  project.provide('runtime', runtime.urls);

  return async () => {
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
