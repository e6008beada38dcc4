import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import * as sesLocalModule from 'aws-ses-v2-local';
import { loadConfigFile } from '../shared/config/load.ts';
import type { CloseloopConfig } from '../shared/config/schema.ts';
import { localSecretName, signedSources, sourceSecretIds } from '../shared/config/source-secrets.ts';
import { sizedWiring } from '../shared/topology/sizing.ts';
import type { Wiring } from '../shared/topology/wiring.ts';
import { eventBridgeApi } from './aws/eventbridge-api.ts';
import { QueueStore } from './aws/queue-store.ts';
import { LocalObjects } from './aws/s3-objects.ts';
import { newSigningKeySecret, secretsApi } from './aws/secrets-api.ts';
import { awsJsonServer } from './aws/server.ts';
import { sqsApi } from './aws/sqs-api.ts';
import { CapacityMeter } from './capacity-meter.ts';
import { LocalClock } from './clock.ts';
import { type ControlState, controlPlane, STAFF_TOKEN_SECONDS } from './control-plane.ts';
import { startDynamoDbLocal } from './dynamodb.ts';
import { startFaultProxy } from './fault-proxy.ts';
import { functionTasks, hostFunctions } from './hosted-functions.ts';
import type { httpApi } from './http-api.ts';
import { LocalMetrics } from './metrics.ts';
import { freePort, LOCAL_RESOURCES, listen, localEnvironment, REGION } from './resources.ts';
import { LocalStaffIssuer } from './staff-issuer.ts';
import { localQueuesAndRules } from './wiring-routing.ts';

export { LOCAL_RESOURCES, localEnvironment, queueNames } from './resources.ts';

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
  /** Where the runtime's clock starts (CLOSELOOP_CLOCK); real time when absent. Moved later through `/clock`. */
  clockStart?: Date | undefined;
  log: (line: string) => void;
}

// aws-ses-v2-local is CommonJS with `exports.default`; under ESM that arrives one level down.
type SesServer = (config?: { host?: string; port?: number }) => Promise<Server>;
const sesLocal = ((sesLocalModule.default as unknown as { default?: SesServer }).default ??
  sesLocalModule.default) as unknown as SesServer;

type Stops = (() => Promise<void> | void)[];

/**
 * The HTTP API's port, first, with its health route: a caller can poll it while the rest starts; the API's routes
 * join once their functions exist.
 */
async function healthFirst(port: number, stops: Stops) {
  const state: { ready: boolean; route?: ReturnType<typeof httpApi> } = { ready: false };
  const http = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://local').pathname;
    if (state.route && (await state.route(request, response).catch(() => false))) return;
    if (path === '/health') {
      response.writeHead(state.ready ? 200 : 503, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: state.ready ? 'ok' : 'starting' }));
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ message: 'Not Found' }));
  });
  const httpPort = await listen(http, port);
  stops.push(() => new Promise<void>((done) => http.close(() => done())));
  return { state, httpPort };
}

/** The dev catch-all: the last events the bus routed, newest last, for a person (and a test) to read. */
function eventLog(log: (line: string) => void) {
  const recentEvents: ControlState['recentEvents'] = [];
  const record = (event: Record<string, unknown>, rules: string[]) => {
    recentEvents.push({ event, rules });
    if (recentEvents.length > 1000) recentEvents.shift();
    // A skipped survey says why in the console, where a person trying the demo looks.
    const reason = (event.detail as { reason?: unknown } | undefined)?.reason;
    const why = event['detail-type'] === 'Survey Skipped' && typeof reason === 'string' ? ` (reason: ${reason})` : '';
    log(
      `event ${event['detail-type']} from ${event.source}${why} → ${rules.length > 0 ? rules.join(', ') : 'no rule'}`,
    );
  };
  return { recentEvents, record };
}

/** The link-signing key, and sources' signing secrets given as values (local only), as Secrets Manager holds them. */
function localSecrets(dataDir: string, config: CloseloopConfig) {
  const secrets = secretsApi(resolve(dataDir, 'secrets.json'), REGION);
  secrets.ensure(LOCAL_RESOURCES.signingKeySecret, () => newSigningKeySecret('local1'));
  for (const { sourceId, secret } of signedSources(config))
    if ('value' in secret) secrets.seed(localSecretName(sourceId), secret.value);
  return secrets;
}

/** SES local and DynamoDB Local, each behind a fault proxy the functions reach them through. */
async function startServices(options: RuntimeOptions, dataDir: string, state: ControlState, stops: Stops) {
  const ses = await sesLocal({ host: '127.0.0.1', port: options.ports.ses });
  const sesPort = (ses.address() as AddressInfo).port;
  stops.push(() => new Promise<void>((done) => ses.close(() => done())));
  const dynamo = await startDynamoDbLocal({
    port: options.ports.dynamodb === 0 ? await freePort() : options.ports.dynamodb,
    dataDir: resolve(dataDir, 'dynamodb'),
    buildDir: resolve(dirname(options.buildCacheDir), 'dynamodb-local'),
    tableName: LOCAL_RESOURCES.table,
    log: options.log,
  });
  stops.push(() => dynamo.stop());
  const faults = {
    ses: await startFaultProxy('sesv2', `http://127.0.0.1:${sesPort}`),
    dynamodb: await startFaultProxy('dynamodb', dynamo.endpoint, state.capacity),
  };
  for (const proxy of Object.values(faults)) stops.push(() => proxy.stop());
  state.faults = faults;
  return { sesUrl: `http://127.0.0.1:${sesPort}`, dynamodbUrl: dynamo.endpoint, faults };
}

/** The AWS endpoint: EventBridge, SQS and Secrets Manager's JSON APIs, with the control plane and S3 beside them. */
async function awsEndpoint(
  wiring: Wiring,
  config: CloseloopConfig,
  options: RuntimeOptions,
  parts: {
    queues: QueueStore;
    rules: ReturnType<typeof localQueuesAndRules>;
    secrets: ReturnType<typeof localSecrets>;
    events: ReturnType<typeof eventLog>;
    control: ControlState;
  },
  stops: Stops,
): Promise<string> {
  const { queues, rules, secrets, events, control } = parts;
  let eventsUrl = '';
  const otherBuses = config.sources.shopify ? [config.sources.shopify.eventSourceName] : [];
  const aws = awsJsonServer(
    {
      AWSEvents: eventBridgeApi({
        busName: wiring.busName,
        otherBuses,
        region: REGION,
        queues,
        rules,
        onEvent: events.record,
        now: () => control.clock.now(),
      }),
      AmazonSQS: sqsApi(queues, () => eventsUrl, REGION),
      secretsmanager: secrets.api,
    },
    controlPlane(control),
    control.objects,
  );
  eventsUrl = `http://127.0.0.1:${await listen(aws, options.ports.events)}`;
  stops.push(() => new Promise<void>((done) => aws.close(() => done())));
  return eventsUrl;
}

/**
 * closeloop on one machine: DynamoDB Local, SES local, a local EventBridge + SQS + Secrets Manager endpoint, and
 * each function of the wiring hosted as AWS invokes it. Handlers get the same environment variables they get in
 * AWS, with `AWS_ENDPOINT_URL_<SERVICE>` pointing at the emulators.
 */
export async function startRuntime(described: Wiring, options: RuntimeOptions) {
  // Validate before starting anything: bad configuration stops start-up with a message naming the field.
  const config = loadConfigFile(options.configFile);
  // Sized as synth sizes it: the senders' concurrency follows the configured SES quota.
  const wiring = sizedWiring(described, config);
  const dataDir = resolve(options.dataDir);
  mkdirSync(resolve(dataDir, 'dynamodb'), { recursive: true });
  const stops: Stops = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn();
  };
  const { state: health, httpPort } = await healthFirst(options.ports.http, stops);
  try {
    const queues = new QueueStore(resolve(dataDir, 'queues.sqlite'));
    stops.push(() => queues.close());
    const returned = queues.returnInFlight();
    if (returned > 0) options.log(`${returned} messages in flight when the runtime last stopped are visible again`);
    const rules = localQueuesAndRules(wiring, config, queues, options);
    const staffIssuer = new LocalStaffIssuer(resolve(dataDir, 'staff-issuer-key.json'), options.staffToken);
    const staffToken =
      options.staffToken ||
      staffIssuer.mint({ username: 'staff', email: 'staff@closeloop.local' }, STAFF_TOKEN_SECONDS);
    const secrets = localSecrets(dataDir, config);
    const events = eventLog(options.log);
    const objects = new LocalObjects(resolve(dataDir, 's3'), [LOCAL_RESOURCES.inboundMailBucket]);
    const control: ControlState = {
      recentEvents: events.recentEvents,
      objects,
      tasks: new Map(),
      metrics: new LocalMetrics(),
      staffIssuer,
      faults: {},
      capacity: new CapacityMeter(),
      queues,
      scheduled: new Map(),
      clock: new LocalClock(options.clockStart),
    };
    const eventsUrl = await awsEndpoint(wiring, config, options, { queues, rules, secrets, events, control }, stops);
    const services = await startServices(options, dataDir, control, stops);

    control.tasks = await functionTasks(wiring, options, config, dataDir);
    const hosted = await hostFunctions({
      wiring,
      config,
      options,
      tasks: control.tasks,
      environment: localEnvironment({
        busName: wiring.busName,
        http: `http://127.0.0.1:${httpPort}`,
        events: eventsUrl,
        // The functions reach SES and DynamoDB through the fault proxies (which pass everything until told not to).
        dynamodb: services.faults.dynamodb.url,
        ses: services.faults.ses.url,
        logLevel: options.logLevel,
        sourceSecretIds: sourceSecretIds(config, 'local'),
      }),
      eventsUrl,
      queues,
      objects,
      staffIssuer,
      clock: control.clock,
      // Function output goes to the runtime's own, as it goes to CloudWatch Logs; EMF lines also become metrics.
      onOutput: (line) => {
        control.metrics.record(line);
        process.stdout.write(`${line}\n`);
      },
      stops,
    });
    for (const [id, run] of hosted.scheduled) control.scheduled.set(id, run);
    health.route = hosted.routeRequest;
    health.ready = true;
    return {
      urls: {
        http: `http://127.0.0.1:${httpPort}`,
        events: eventsUrl,
        ses: services.sesUrl,
        dynamodb: services.dynamodbUrl,
        ...(hosted.smtpPort === undefined ? {} : { smtp: `smtp://127.0.0.1:${hosted.smtpPort}` }),
      },
      staffToken,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
