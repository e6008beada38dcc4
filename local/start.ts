import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { wiring } from '../infra/wiring.ts';
import { startRuntime } from './runtime.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const env = z
  .object({
    CLOSELOOP_DATA_DIR: z.string().default(resolve(root, '.data')),
    CLOSELOOP_CONFIG: z.string().default(resolve(root, 'config/local.json')),
    CLOSELOOP_HTTP_PORT: port(3000),
    CLOSELOOP_EVENTS_PORT: port(4010),
    CLOSELOOP_SES_PORT: port(8005),
    CLOSELOOP_DYNAMODB_PORT: port(8000),
    CLOSELOOP_SMTP_PORT: port(2525),
    CLOSELOOP_RETRY_BASE_MS: z.coerce.number().int().min(1).default(1000),
    CLOSELOOP_SCHEDULE_INTERVAL_MS: z.coerce.number().int().min(0).default(10_000),
    CLOSELOOP_STAFF_TOKEN: z.string().min(16, 'CLOSELOOP_STAFF_TOKEN: at least 16 characters').optional(),
    CLOSELOOP_FUNCTIONS: z.enum(['bundles', 'sources']).default('bundles'),
    CLOSELOOP_BUILD_DIR: z.string().default(resolve(root, '.build/functions')),
    CLOSELOOP_LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']).default('INFO'),
  })
  .parse(process.env);

const log = (line: string) => console.log(`[closeloop] ${line}`);

try {
  const runtime = await startRuntime(wiring, {
    root,
    dataDir: env.CLOSELOOP_DATA_DIR,
    configFile: env.CLOSELOOP_CONFIG,
    ports: {
      http: env.CLOSELOOP_HTTP_PORT,
      events: env.CLOSELOOP_EVENTS_PORT,
      ses: env.CLOSELOOP_SES_PORT,
      dynamodb: env.CLOSELOOP_DYNAMODB_PORT,
      smtp: env.CLOSELOOP_SMTP_PORT,
    },
    retryBaseMs: env.CLOSELOOP_RETRY_BASE_MS,
    scheduleIntervalMs: env.CLOSELOOP_SCHEDULE_INTERVAL_MS,
    logLevel: env.CLOSELOOP_LOG_LEVEL,
    staffToken: env.CLOSELOOP_STAFF_TOKEN,
    functions: env.CLOSELOOP_FUNCTIONS,
    buildCacheDir: env.CLOSELOOP_BUILD_DIR,
    log,
  });
  log('ready');
  log(`HTTP API            ${runtime.urls.http}   (health: ${runtime.urls.http}/health)`);
  log(`EventBridge bus     ${runtime.urls.events}   (bus "${wiring.busName}"; also SQS and Secrets Manager)`);
  log(`Customer inbox      ${runtime.urls.ses}   (SES local: every email sent)`);
  log(`DynamoDB Local      ${runtime.urls.dynamodb}   (data in ${env.CLOSELOOP_DATA_DIR})`);
  if (runtime.urls.smtp) log(`Email replies       ${runtime.urls.smtp}   (SMTP: replies to survey emails)`);
  log(`Staff dashboard     ${runtime.urls.http}/sign-in   (paste the staff token)`);
  log(
    `Staff token         ${runtime.staffToken}   (${env.CLOSELOOP_STAFF_TOKEN ? 'from CLOSELOOP_STAFF_TOKEN' : 'valid 12 hours'}; Authorization: Bearer …)`,
  );
  // A machine-readable line for tests and scripts that start the runtime on port 0.
  console.log(`CLOSELOOP_READY ${JSON.stringify({ ...runtime.urls, staffToken: runtime.staffToken })}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    await runtime.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
} catch (error) {
  console.error(`[closeloop] failed to start: ${(error as Error).message}`);
  process.exit(1);
}
