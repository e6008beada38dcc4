import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type RuntimeUrls, startRuntimeProcess } from '../../local/process.ts';
import { startChatWebhook } from '../support/chat-webhook.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    runtime: RuntimeUrls;
    chatWebhook: string;
  }
}

/**
 * Starts closeloop's local runtime exactly as `npm start` does, on free ports with a throwaway data folder, and
 * stops it after the run. Tests talk to it through the real SDK clients.
 */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), 'closeloop-it-'));
  // The fixture names the chat webhook's port as {chatPort}: a stand-in chat listens on a free one.
  const chat = await startChatWebhook();
  const configFile = join(dataDir, 'runtime.json');
  writeFileSync(
    configFile,
    readFileSync(resolve(import.meta.dirname, '../fixtures/config/runtime.json'), 'utf8').replaceAll(
      '{chatPort}',
      String(chat.port),
    ),
  );
  const runtime = await startRuntimeProcess({
    dataDir,
    env: {
      CLOSELOOP_RETRY_BASE_MS: '200',
      // config/local.json plus stores with the default delays and reminders, one sampled at 0 %, and two that
      // close the loop (staff, a chat webhook, referral and review links).
      CLOSELOOP_CONFIG: configFile,
      // Tests run the sweep themselves, for the moment they mean (POST /schedules/run), never by waiting.
      CLOSELOOP_SCHEDULE_INTERVAL_MS: '0',
    },
  });
  project.provide('runtime', runtime.urls);
  project.provide('chatWebhook', chat.url);

  return async () => {
    await runtime.stop();
    await chat.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
