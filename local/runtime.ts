import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import * as sesLocalModule from 'aws-ses-v2-local';
import { loadConfigFile } from '../shared/config/load.ts';
import type { CloseloopConfig } from '../shared/config/schema.ts';
import { localSecretName, signedSources, sourceSecretIds } from '../shared/config/source-secrets.ts';
import {
  BINDING_ENV,
  type EnvBinding,
  type FunctionDefinition,
  functionsOf,
  INBOUND_MAIL_PREFIX,
  INVOCATION_ENV,
  isEnvBinding,
  kebab,
  type QueueConsumer,
  SEND_QUEUE_CONSUMER,
  type Wiring,
  webhookPattern,
} from '../shared/topology/wiring.ts';
import { AwsApiError } from './aws/errors.ts';
import { eventBridgeApi, type LocalRule } from './aws/eventbridge-api.ts';
import { QueueStore } from './aws/queue-store.ts';
import { LocalObjects } from './aws/s3-objects.ts';
import { newSigningKeySecret, secretsApi } from './aws/secrets-api.ts';
import { awsJsonServer } from './aws/server.ts';
import { ACCOUNT, sqsApi } from './aws/sqs-api.ts';
import { startDynamoDbLocal } from './dynamodb.ts';
import { startEventSourceMapping } from './event-source-mapping.ts';
import { type FaultRule, startFaultProxy } from './fault-proxy.ts';
import { buildFunctions, type FunctionTask, layOutTask } from './functions/bundles.ts';
import { LocalFunction } from './functions/host.ts';
import { httpApi } from './http-api.ts';
import { LocalMetrics } from './metrics.ts';
import { sesReceiptEvent, startSmtp } from './smtp.ts';
import { LocalStaffIssuer } from './staff-issuer.ts';

/** How long the token `npm start` prints stays valid. */
const STAFF_TOKEN_SECONDS = 12 * 60 * 60;

export interface RuntimeOptions {
  root: string;
  dataDir: string;
  configFile: string;
  ports: { http: number; events: number; ses: number; dynamodb: number; smtp: number };
  /** First retry delay of a failed message; doubles per delivery. */
  retryBaseMs: number;
  /**
   * How often the scheduled functions run, in milliseconds; 0 runs them only when asked
   * (`POST /schedules/run?id=…&time=…` on the events endpoint).
   */
  scheduleIntervalMs: number;
  logLevel: string;
  /** A fixed staff token (CLOSELOOP_STAFF_TOKEN); without it a signed one is made and handed back. */
  staffToken?: string | undefined;
  /**
   * `bundles` (the default, and CI's): each function runs from the bundle the CDK construct builds, cached under
   * `buildCacheDir`. `sources`: from the TypeScript entry, for debugging only.
   */
  functions: 'bundles' | 'sources';
  buildCacheDir: string;
  log: (line: string) => void;
}

const REGION = 'us-east-1';

// aws-ses-v2-local is CommonJS with `exports.default`; under ESM that arrives one level down.
type SesServer = (config?: { host?: string; port?: number }) => Promise<Server>;
const sesLocal = ((sesLocalModule.default as unknown as { default?: SesServer }).default ??
  sesLocalModule.default) as unknown as SesServer;
/** The names of the local runtime's resources, which the stack names per stage in AWS. */
export const LOCAL_RESOURCES = {
  table: 'closeloop',
  configurationSet: 'closeloop',
  signingKeySecret: 'closeloop/link-signing-key',
  inboundMailBucket: 'closeloop-inbound-mail',
} as const;
const TABLE_NAME = LOCAL_RESOURCES.table;
const CONFIGURATION_SET = LOCAL_RESOURCES.configurationSet;
const SIGNING_KEY_SECRET = LOCAL_RESOURCES.signingKeySecret;
const INBOUND_MAIL_BUCKET = LOCAL_RESOURCES.inboundMailBucket;
/** Instances per HTTP function: Lambda scales them with load; locally a few warm ones suffice. */
const HTTP_CONCURRENCY = 4;

export const queueNames = (consumer: QueueConsumer) => ({
  queue: kebab(consumer.id),
  deadLetterQueue: `${kebab(consumer.id)}-dlq`,
});

/** The event an EventBridge schedule rule gives its target; `time` is the moment the run stands for. */
function scheduledEvent(id: string, time: Date) {
  return {
    version: '0',
    id: crypto.randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: ACCOUNT,
    time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: REGION,
    resources: [`arn:aws:events:${REGION}:${ACCOUNT}:rule/${id}Schedule`],
    detail: {},
  };
}

/** `$.detail.summary` → that value of the event (what an input transformer's path names). */
function atPath(event: Record<string, unknown>, path: string): unknown {
  return path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter(Boolean)
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], event);
}

/**
 * Chat webhooks as API destinations: per store with a webhook URL, a rule whose target POSTs the transformed
 * body, retried with backoff, and dead-lettered with its reason when the endpoint keeps refusing.
 */
function webhookRules(
  wiring: Wiring,
  config: CloseloopConfig,
  queues: QueueStore,
  options: Pick<RuntimeOptions, 'retryBaseMs' | 'log'>,
): LocalRule[] {
  const storeIds = Object.keys(config.stores);
  return wiring.webhooks.flatMap((webhook) => {
    const deadLetterQueue = `${kebab(webhook.id)}-dlq`;
    queues.define({ name: deadLetterQueue, visibilityTimeoutSeconds: 30 });
    return Object.entries(config.stores).flatMap(([storeId, store]) => {
      const url = store.staff.chatWebhookUrl;
      if (url === undefined) return [];
      const deliver = async (event: Record<string, unknown>) => {
        const body = JSON.stringify(
          Object.fromEntries(Object.entries(webhook.body).map(([field, path]) => [field, atPath(event, path)])),
        );
        let reason = '';
        for (let attempt = 0; attempt < 4; attempt++) {
          if (attempt > 0) await new Promise((r) => setTimeout(r, options.retryBaseMs * 2 ** (attempt - 1)));
          try {
            const response = await fetch(url, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body,
              signal: AbortSignal.timeout(5000),
            });
            if (response.ok) return;
            reason = `HTTP ${response.status}`;
            // As API destinations do: 4xx other than 429 will not get better.
            if (response.status < 500 && response.status !== 429) break;
          } catch (error) {
            reason = (error as Error).message;
          }
        }
        queues.send(deadLetterQueue, JSON.stringify(event), {
          reason: { DataType: 'String', StringValue: `${webhook.id} → ${url}: ${reason}`.slice(0, 1000) },
        });
        options.log(`${webhook.id} for ${storeId} failed; dead-lettered: ${reason}`);
      };
      return [
        {
          name: `${webhook.id}${storeId === '*' ? 'AnyStore' : storeId}Rule`,
          pattern: webhookPattern(webhook, storeId, storeIds),
          deliver: (event: Record<string, unknown>) => void deliver(event),
        },
      ];
    });
  });
}

/**
 * What each function's environment holds locally: the value of every binding (but `config`, which is per function:
 * the copy in its task folder), and what Lambda sets itself, with `AWS_ENDPOINT_URL_<SERVICE>` at the emulators.
 */
export function localEnvironment(urls: {
  busName: string;
  http: string;
  events: string;
  dynamodb: string;
  ses: string;
  logLevel: string;
  /** Source id → local secret name (`sourceSecretIds(config, 'local')`). */
  sourceSecretIds?: Record<string, string>;
}) {
  const bindingValue: Record<Exclude<EnvBinding, 'config'>, string> = {
    table: TABLE_NAME,
    bus: urls.busName,
    mail: CONFIGURATION_SET,
    signingKeys: SIGNING_KEY_SECRET,
    publicBaseUrl: urls.http,
    inboundMail: INBOUND_MAIL_BUCKET,
    sendQueue: `${urls.events}/${ACCOUNT}/${kebab(SEND_QUEUE_CONSUMER)}`,
    staffSignIn: JSON.stringify({ kind: 'token' }),
    sourceSecrets: JSON.stringify(urls.sourceSecretIds ?? {}),
  };
  const commonEnv = {
    PATH: process.env.PATH ?? '',
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: urls.dynamodb,
    AWS_ENDPOINT_URL_SESV2: urls.ses,
    AWS_ENDPOINT_URL_EVENTBRIDGE: urls.events,
    AWS_ENDPOINT_URL_SQS: urls.events,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: urls.events,
    AWS_ENDPOINT_URL_S3: urls.events,
    POWERTOOLS_LOG_LEVEL: urls.logLevel,
    POWERTOOLS_SERVICE_NAME: 'closeloop',
  };
  return { bindingValue, commonEnv };
}

/**
 * Where each function's code is: by default its deployable bundle, laid out with the configuration beside it as in
 * Lambda; in `sources` mode its TypeScript entry with the configuration file as given.
 */
async function functionTasks(
  wiring: Wiring,
  options: Pick<RuntimeOptions, 'root' | 'configFile' | 'functions' | 'buildCacheDir' | 'log'>,
  config: CloseloopConfig,
  dataDir: string,
): Promise<Map<string, FunctionTask>> {
  const functions = functionsOf(wiring);
  if (options.functions === 'sources') {
    options.log('functions run from their TypeScript sources (CLOSELOOP_FUNCTIONS=sources): not what deploys');
    const configFile = resolve(options.configFile);
    return new Map(functions.map((fn) => [fn.id, { entry: resolve(options.root, fn.entry), configFile }]));
  }
  const built = await buildFunctions({
    root: options.root,
    cacheDir: options.buildCacheDir,
    functions,
    choices: { tracing: config.operations.tracing },
    log: options.log,
  });
  const tasksDir = resolve(dataDir, 'functions');
  return new Map(
    functions.map((fn) => [
      fn.id,
      layOutTask({ buildDir: built.dir, tasksDir, functionId: fn.id, configFile: options.configFile }),
    ]),
  );
}

/** A port the OS says is free now; DynamoDB Local (Java) cannot be asked to pick one itself. */
async function freePort(): Promise<number> {
  const probe = createServer();
  const port = await listen(probe, 0);
  await new Promise((done) => probe.close(done));
  return port;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolvePort((server.address() as AddressInfo).port));
  });
}

/**
 * closeloop on one machine: DynamoDB Local, SES local, a local EventBridge + SQS + Secrets Manager endpoint, and
 * each consumer of the wiring as a local function fed by its queue. Handlers get the same environment variables
 * they get in AWS, with `AWS_ENDPOINT_URL_<SERVICE>` pointing at the emulators.
 */
export async function startRuntime(wiring: Wiring, options: RuntimeOptions) {
  // Validate before starting anything: bad configuration stops start-up with a message naming the field.
  const config = loadConfigFile(options.configFile);
  const dataDir = resolve(options.dataDir);
  mkdirSync(resolve(dataDir, 'dynamodb'), { recursive: true });

  let ready = false;
  const stops: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn();
  };

  // Health first, so a caller can poll it while the rest starts; the API's routes join once their functions exist.
  let routeRequest: ReturnType<typeof httpApi> | undefined;
  const http = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://local').pathname;
    if (routeRequest && (await routeRequest(request, response).catch(() => false))) return;
    if (path === '/health') {
      response.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: ready ? 'ok' : 'starting' }));
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ message: 'Not Found' }));
  });
  const httpPort = await listen(http, options.ports.http);
  stops.push(() => new Promise<void>((done) => http.close(() => done())));

  try {
    const queues = new QueueStore(resolve(dataDir, 'queues.sqlite'));
    stops.push(() => queues.close());
    const returned = queues.returnInFlight();
    if (returned > 0) options.log(`${returned} messages in flight when the runtime last stopped are visible again`);
    const rules: LocalRule[] = [];
    for (const consumer of wiring.consumers) {
      const names = queueNames(consumer);
      queues.define({ name: names.deadLetterQueue, visibilityTimeoutSeconds: 30 });
      queues.define({
        name: names.queue,
        visibilityTimeoutSeconds: consumer.queue.visibilityTimeoutSeconds,
        // The handler dead-letters on the last delivery itself, with a reason; this catches crashes and timeouts.
        redrive: { deadLetterQueue: names.deadLetterQueue, maxReceiveCount: consumer.queue.maxReceiveCount },
      });
      // SES's rules sit on closeloop's bus locally (one bus stands for the account's default one); Shopify's on the
      // partner bus the configuration names, when it names one.
      const bus = consumer.rule?.bus === 'shopify' ? config.sources.shopify?.eventSourceName : wiring.busName;
      if (consumer.rule && bus !== undefined)
        rules.push({ name: `${consumer.id}Rule`, bus, pattern: consumer.rule.pattern, queue: names.queue });
    }
    rules.push(...webhookRules(wiring, config, queues, options));

    const staffIssuer = new LocalStaffIssuer(resolve(dataDir, 'staff-issuer-key.json'), options.staffToken);
    const staffToken =
      options.staffToken ||
      staffIssuer.mint({ username: 'staff', email: 'staff@closeloop.local' }, STAFF_TOKEN_SECONDS);

    const secrets = secretsApi(resolve(dataDir, 'secrets.json'), REGION);
    secrets.ensure(SIGNING_KEY_SECRET, () => newSigningKeySecret('local1'));
    // Sources' signing secrets given as values (local only) are read through Secrets Manager, as in AWS.
    for (const { sourceId, secret } of signedSources(config))
      if ('value' in secret) secrets.seed(localSecretName(sourceId), secret.value);

    // The dev catch-all: the last events the bus routed, newest last, for a person (and a test) to read.
    const recentEvents: { event: Record<string, unknown>; rules: string[] }[] = [];
    const recordEvent = (event: Record<string, unknown>, rules: string[]) => {
      recentEvents.push({ event, rules });
      if (recentEvents.length > 1000) recentEvents.shift();
      // A skipped survey says why in the console, where a person trying the demo looks.
      const reason = (event.detail as { reason?: unknown } | undefined)?.reason;
      const why = event['detail-type'] === 'Survey Skipped' && typeof reason === 'string' ? ` (reason: ${reason})` : '';
      options.log(
        `event ${event['detail-type']} from ${event.source}${why} → ${rules.length > 0 ? rules.join(', ') : 'no rule'}`,
      );
    };
    const metrics = new LocalMetrics();
    const objects = new LocalObjects(resolve(dataDir, 's3'), [INBOUND_MAIL_BUCKET]);
    let eventsUrl = '';
    // Fault injection in front of SES and DynamoDB, once they run: a test can make them fail as they do in AWS.
    const faults: Partial<Record<'ses' | 'dynamodb', Awaited<ReturnType<typeof startFaultProxy>>>> = {};
    // Scheduled functions by id, once they exist: a person (or a test) can run one for a given moment.
    const scheduled = new Map<string, (time: Date) => Promise<unknown>>();
    // Each function's code, once laid out.
    let tasks = new Map<string, FunctionTask>();
    const aws = awsJsonServer(
      {
        AWSEvents: eventBridgeApi({
          busName: wiring.busName,
          otherBuses: config.sources.shopify ? [config.sources.shopify.eventSourceName] : [],
          region: REGION,
          queues,
          rules,
          onEvent: recordEvent,
        }),
        AmazonSQS: sqsApi(queues, () => eventsUrl, REGION),
        secretsmanager: secrets.api,
      },
      {
        '/events': (query) => {
          const detailType = query.get('detail-type');
          return recentEvents.filter(({ event }) => detailType === null || event['detail-type'] === detailType);
        },
        // What the local S3 keeps: GET /objects?bucket=closeloop-inbound-mail.
        '/objects': (query) => objects.list(query.get('bucket')),
        // What each function runs from: its bundle's task folder (or, in sources mode, its TypeScript entry).
        '/functions': () => [...tasks].map(([id, task]) => ({ id, ...task })),
        // What CloudWatch would have made of the functions' EMF lines: GET /metrics?name=SurveysSent.
        '/metrics': (query) => metrics.list(query.get('name')),
        // The local user pool: its public keys, and tokens for a person or a test (an expired one too).
        '/staff-issuer/jwks.json': () => staffIssuer.jwks(),
        '/staff-tokens': (query, method) => {
          if (method !== 'POST')
            throw new AwsApiError('MethodNotAllowed', 'POST /staff-tokens?username=…&seconds=…', 405);
          const seconds = Number(query.get('seconds') ?? STAFF_TOKEN_SECONDS);
          if (!Number.isInteger(seconds)) throw new AwsApiError('InvalidParameter', 'seconds must be an integer');
          const username = query.get('username') ?? 'staff';
          return { token: staffIssuer.mint({ username, email: query.get('email') ?? undefined }, seconds) };
        },
        // GET: the faults injected so far. POST ?service=ses|dynamodb&rules=[{kind, every, operation?}]: replace a
        // service's rules. DELETE: no faults anywhere.
        '/faults': (query, method) => {
          if (method === 'DELETE') for (const proxy of Object.values(faults)) proxy.set([]);
          if (method === 'POST') {
            const service = query.get('service');
            const proxy = service === 'ses' || service === 'dynamodb' ? faults[service] : undefined;
            if (proxy === undefined) throw new AwsApiError('InvalidParameter', 'service must be ses or dynamodb');
            let rules: FaultRule[];
            try {
              rules = JSON.parse(query.get('rules') ?? '[]') as FaultRule[];
            } catch {
              throw new AwsApiError('InvalidParameter', 'rules must be a JSON array of {kind, every, operation?}');
            }
            proxy.set(rules);
          }
          return Object.fromEntries(Object.entries(faults).map(([service, proxy]) => [service, proxy.injected()]));
        },
        // GET ?contains=a&contains=b: how many messages holding any marker the consumers' queues still hold.
        '/queues/pending': (query) => ({ pending: queues.pendingContaining(query.getAll('contains')) }),
        '/schedules/run': async (query, method) => {
          if (method !== 'POST') throw new AwsApiError('MethodNotAllowed', 'POST /schedules/run?id=…&time=…', 405);
          const run = scheduled.get(query.get('id') ?? '');
          if (run === undefined)
            throw new AwsApiError(
              'NotFound',
              `No scheduled function ${query.get('id')}; known: ${[...scheduled.keys()].join(', ')}`,
              404,
            );
          const time = query.get('time') === null ? new Date() : new Date(query.get('time') as string);
          if (Number.isNaN(time.getTime()))
            throw new AwsApiError('InvalidParameter', 'time must be an ISO 8601 date-time');
          return run(time);
        },
      },
      objects,
    );
    const eventsPort = await listen(aws, options.ports.events);
    eventsUrl = `http://127.0.0.1:${eventsPort}`;
    stops.push(() => new Promise<void>((done) => aws.close(() => done())));

    const ses = await sesLocal({ host: '127.0.0.1', port: options.ports.ses });
    const sesPort = (ses.address() as AddressInfo).port;
    stops.push(() => new Promise<void>((done) => ses.close(() => done())));

    const dynamo = await startDynamoDbLocal({
      port: options.ports.dynamodb === 0 ? await freePort() : options.ports.dynamodb,
      dataDir: resolve(dataDir, 'dynamodb'),
      buildDir: resolve(dirname(options.buildCacheDir), 'dynamodb-local'),
      tableName: TABLE_NAME,
      log: options.log,
    });
    stops.push(() => dynamo.stop());

    faults.ses = await startFaultProxy('sesv2', `http://127.0.0.1:${sesPort}`);
    faults.dynamodb = await startFaultProxy('dynamodb', dynamo.endpoint);
    for (const proxy of Object.values(faults)) stops.push(() => proxy.stop());

    tasks = await functionTasks(wiring, options, config, dataDir);
    // Function output goes to the runtime's own, as it goes to CloudWatch Logs; EMF lines also become metrics.
    const onOutput = (line: string) => {
      metrics.record(line);
      process.stdout.write(`${line}\n`);
    };
    const { bindingValue, commonEnv } = localEnvironment({
      busName: wiring.busName,
      http: `http://127.0.0.1:${httpPort}`,
      events: eventsUrl,
      // The functions reach SES and DynamoDB through the fault proxies (which pass everything until told not to).
      dynamodb: faults.dynamodb.url,
      ses: faults.ses.url,
      logLevel: options.logLevel,
      sourceSecretIds: sourceSecretIds(config, 'local'),
    });

    const localFunction = (
      definition: FunctionDefinition,
      concurrency: number,
      extraEnv: Record<string, string> = {},
    ) => {
      const env: Record<string, string> = { ...commonEnv, ...extraEnv };
      const task = tasks.get(definition.id) as FunctionTask;
      for (const binding of definition.bindings.filter(isEnvBinding))
        env[BINDING_ENV[binding]] = binding === 'config' ? task.configFile : bindingValue[binding];
      const fn = new LocalFunction(definition.id, {
        onOutput,
        entry: task.entry,
        env,
        timeoutSeconds: definition.timeoutSeconds,
        memoryMb: definition.memoryMb,
        concurrency,
      });
      stops.push(() => fn.close());
      return fn;
    };

    for (const consumer of wiring.consumers) {
      const names = queueNames(consumer);
      const fn = localFunction(consumer, consumer.queue.maxConcurrency, {
        [INVOCATION_ENV.deadLetterQueue]: `${eventsUrl}/${ACCOUNT}/${names.deadLetterQueue}`,
        [INVOCATION_ENV.maxReceiveCount]: String(consumer.queue.maxReceiveCount),
      });
      const mapping = startEventSourceMapping(queues, {
        queue: names.queue,
        fn,
        batchSize: consumer.queue.batchSize,
        maxConcurrency: consumer.queue.maxConcurrency,
        region: REGION,
        retryBaseMs: options.retryBaseMs,
        visibilityTimeoutSeconds: consumer.queue.visibilityTimeoutSeconds,
        log: options.log,
      });
      stops.push(() => mapping.stop());
    }

    // Schedule rules: each scheduled function gets EventBridge's scheduled event, on a timer and on request.
    for (const definition of wiring.schedules) {
      const fn = localFunction(definition, 1);
      let chain: Promise<unknown> = Promise.resolve();
      const run = (time: Date) => {
        // One run at a time, as a rate rule with a short function does in practice.
        const next = chain.then(() => fn.invoke(scheduledEvent(definition.id, time)));
        chain = next.catch(() => undefined);
        return next;
      };
      scheduled.set(definition.id, run);
      if (options.scheduleIntervalMs > 0) {
        const timer = setInterval(() => {
          run(new Date()).catch((error) => options.log(`${definition.id} failed: ${(error as Error).message}`));
        }, options.scheduleIntervalMs);
        stops.push(() => clearInterval(timer));
      }
    }

    routeRequest = httpApi(
      wiring.http.flatMap((definition) => {
        const fn = localFunction(definition, HTTP_CONCURRENCY);
        const authorize =
          definition.access.kind === 'staff' ? (header: string | undefined) => staffIssuer.verify(header) : undefined;
        return definition.routes.map((route) => ({ ...route, fn, authorize }));
      }),
    );

    // Replies by email: the SMTP port stores each message as SES's S3 action would, then invokes the receiver
    // asynchronously as SES's Lambda action does: two retries with backoff, then its dead-letter queue.
    let smtpPort: number | undefined;
    for (const receiver of wiring.mail) {
      if (config.replies === undefined) break;
      const deadLetterQueue = `${kebab(receiver.id)}-dlq`;
      queues.define({ name: deadLetterQueue, visibilityTimeoutSeconds: 30 });
      const fn = localFunction(receiver, HTTP_CONCURRENCY, {
        [INVOCATION_ENV.deadLetterQueue]: `${eventsUrl}/${ACCOUNT}/${deadLetterQueue}`,
      });
      const invokeWithRetries = async (event: ReturnType<typeof sesReceiptEvent>) => {
        let lastError = '';
        for (let attempt = 0; attempt < 3; attempt++) {
          if (attempt > 0) await new Promise((r) => setTimeout(r, options.retryBaseMs * 2 ** (attempt - 1)));
          try {
            await fn.invoke(event);
            return;
          } catch (error) {
            lastError = (error as Error).message;
          }
        }
        queues.send(deadLetterQueue, JSON.stringify(event), {
          reason: { DataType: 'String', StringValue: lastError.slice(0, 1000) },
        });
        options.log(`${receiver.id} failed 3 times; dead-lettered: ${lastError}`);
      };
      const smtp = await startSmtp({
        port: options.ports.smtp,
        domain: config.replies.domain,
        maxBytes: 10 * 1024 * 1024,
        receive: async (message) => {
          objects.put(INBOUND_MAIL_BUCKET, `${INBOUND_MAIL_PREFIX}${message.messageId}`, message.raw);
          void invokeWithRetries(
            sesReceiptEvent(message, `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${receiver.id}`),
          );
        },
      });
      smtpPort = smtp.port;
      stops.push(() => smtp.stop());
    }

    ready = true;
    return {
      urls: {
        http: `http://127.0.0.1:${httpPort}`,
        events: eventsUrl,
        ses: `http://127.0.0.1:${sesPort}`,
        dynamodb: dynamo.endpoint,
        ...(smtpPort === undefined ? {} : { smtp: `smtp://127.0.0.1:${smtpPort}` }),
      },
      staffToken,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
