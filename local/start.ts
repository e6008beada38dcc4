import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { wiring } from '../shared/topology/wiring.ts';
import { lockDataDir, onParentGone, requireFreePorts, unknownVariables } from './process-guard.ts';
import { startRuntime } from './runtime.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const variables = z.object({
  CLOSELOOP_DATA_DIR: z.string().default(resolve(root, '.data')),
  CLOSELOOP_CONFIG: z.string().default(resolve(root, 'config/local.json')),
  CLOSELOOP_HTTP_PORT: port(3000),
  CLOSELOOP_EVENTS_PORT: port(4010),
  CLOSELOOP_SES_PORT: port(8005),
  CLOSELOOP_DYNAMODB_PORT: port(8000),
  CLOSELOOP_SMTP_PORT: port(2525),
  CLOSELOOP_RETRY_BASE_MS: z.coerce.number().int().min(1).default(1000),
  CLOSELOOP_SCHEDULE_INTERVAL_MS: z.coerce.number().int().min(0).default(10_000),
  CLOSELOOP_STAFF_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  CLOSELOOP_FUNCTIONS: z.enum(['bundles', 'sources']).default('bundles'),
  CLOSELOOP_BUILD_DIR: z.string().default(resolve(root, '.build/functions')),
  CLOSELOOP_CLOCK: z.iso
    .datetime({ offset: true, message: 'an ISO 8601 date-time, such as 2026-10-01T09:00:00Z' })
    .transform((time) => new Date(time))
    .optional(),
  CLOSELOOP_LOG_LEVEL: z
    .string()
    .transform((level) => level.toUpperCase())
    .pipe(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']))
    .default('INFO'),
});
/** Read by the scripts beside the runtime (the demos, CI), not by it: known, so not warned about. */
const OTHER_VARIABLES = ['CLOSELOOP_EVENTS_URL', 'CLOSELOOP_NODE_DIR'];

const log = (line: string) => console.log(`[closeloop] ${line}`);
const fail = (message: string): never => {
  console.error(`[closeloop] failed to start: ${message}`);
  process.exit(1);
};

const parsed = variables.safeParse(process.env);
if (!parsed.success) fail(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
const env = parsed.data as z.output<typeof variables>;
for (const name of unknownVariables(process.env, [...Object.keys(variables.shape), ...OTHER_VARIABLES]))
  console.warn(
    `[closeloop] ${name} is not a variable closeloop reads (known: ${Object.keys(variables.shape).join(', ')})`,
  );

try {
  const release = lockDataDir(env.CLOSELOOP_DATA_DIR);
  process.on('exit', release);
  await requireFreePorts({
    CLOSELOOP_HTTP_PORT: env.CLOSELOOP_HTTP_PORT,
    CLOSELOOP_EVENTS_PORT: env.CLOSELOOP_EVENTS_PORT,
    CLOSELOOP_SES_PORT: env.CLOSELOOP_SES_PORT,
    CLOSELOOP_DYNAMODB_PORT: env.CLOSELOOP_DYNAMODB_PORT,
  });
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
    clockStart: env.CLOSELOOP_CLOCK,
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
  if (env.CLOSELOOP_CLOCK)
    log(
      `Clock               ${env.CLOSELOOP_CLOCK.toISOString()}   (CLOSELOOP_CLOCK; GET/POST/DELETE ${runtime.urls.events}/clock)`,
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
  // npm forwards SIGTERM to its shell, not to this process: the runtime stops when whoever started it is gone.
  onParentGone(() => void shutdown('parent gone'));
} catch (error) {
  fail((error as Error).message);
}
