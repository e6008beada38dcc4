import { resolve } from 'node:path';
import type { CloseloopConfig } from '../shared/config/schema.ts';
import {
  BINDING_ENV,
  type FunctionDefinition,
  functionsOf,
  INBOUND_MAIL_PREFIX,
  INVOCATION_ENV,
  isEnvBinding,
  kebab,
  type Wiring,
} from '../shared/topology/wiring.ts';
import type { QueueStore } from './aws/queue-store.ts';
import type { LocalObjects } from './aws/s3-objects.ts';
import { ACCOUNT } from './aws/sqs-api.ts';
import type { LocalClock } from './clock.ts';
import { startEventSourceMapping } from './event-source-mapping.ts';
import { buildFunctions, type FunctionTask, layOutTask } from './functions/bundles.ts';
import { LocalFunction } from './functions/host.ts';
import { httpApi } from './http-api.ts';
import { HTTP_CONCURRENCY, LOCAL_RESOURCES, type localEnvironment, queueNames, REGION } from './resources.ts';
import type { RuntimeOptions } from './runtime.ts';
import { sesReceiptEvent, startSmtp } from './smtp.ts';
import type { LocalStaffIssuer } from './staff-issuer.ts';
import { scheduledEvent } from './wiring-routing.ts';

/**
 * Where each function's code is: by default its deployable bundle, laid out with the configuration beside it as in
 * Lambda; in `sources` mode its TypeScript entry with the configuration file as given.
 */
export async function functionTasks(
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

/** What hosting the wiring's functions needs from the rest of the runtime. */
export interface HostContext {
  wiring: Wiring;
  config: CloseloopConfig;
  options: RuntimeOptions;
  tasks: Map<string, FunctionTask>;
  environment: ReturnType<typeof localEnvironment>;
  eventsUrl: string;
  queues: QueueStore;
  objects: LocalObjects;
  staffIssuer: LocalStaffIssuer;
  /** The runtime's clock, which the functions' `Date` and the schedules read. */
  clock: LocalClock;
  /** Function output, as Lambda sends it to CloudWatch Logs. */
  onOutput: (line: string) => void;
  /** What to do on stop, in reverse order. */
  stops: (() => Promise<void> | void)[];
}

type MakeFunction = (
  definition: FunctionDefinition,
  concurrency: number,
  extraEnv?: Record<string, string>,
) => LocalFunction;

/** A function in worker threads, with its bindings' variables (its own configuration copy for `config`). */
function functionMaker(host: HostContext): MakeFunction {
  const { bindingValue, commonEnv } = host.environment;
  return (definition, concurrency, extraEnv = {}) => {
    const env: Record<string, string> = { ...commonEnv, ...extraEnv };
    const task = host.tasks.get(definition.id) as FunctionTask;
    for (const binding of definition.bindings.filter(isEnvBinding))
      env[BINDING_ENV[binding]] = binding === 'config' ? task.configFile : bindingValue[binding];
    const fn = new LocalFunction(definition.id, {
      onOutput: host.onOutput,
      entry: task.entry,
      env,
      timeoutSeconds: definition.timeoutSeconds,
      memoryMb: definition.memoryMb,
      concurrency,
      clock: host.clock.shared,
    });
    host.stops.push(() => fn.close());
    return fn;
  };
}

/**
 * The most instances of one function this machine hosts (worker threads, each with the bundle loaded): a
 * configuration sized for 1,000 emails a second asks Lambda for 188 senders, which one laptop cannot hold.
 */
const LOCAL_MAX_INSTANCES = 8;

/** Each consumer fed by its queue's event source mapping, at most its concurrency (up to the machine's) at a time. */
function hostConsumers(host: HostContext, make: MakeFunction): void {
  for (const consumer of host.wiring.consumers) {
    const names = queueNames(consumer);
    const concurrency = Math.min(consumer.queue.maxConcurrency, LOCAL_MAX_INSTANCES);
    const fn = make(consumer, concurrency, {
      [INVOCATION_ENV.deadLetterQueue]: `${host.eventsUrl}/${ACCOUNT}/${names.deadLetterQueue}`,
      [INVOCATION_ENV.maxReceiveCount]: String(consumer.queue.maxReceiveCount),
    });
    const mapping = startEventSourceMapping(host.queues, {
      queue: names.queue,
      fn,
      batchSize: consumer.queue.batchSize,
      maxConcurrency: concurrency,
      region: REGION,
      retryBaseMs: host.options.retryBaseMs,
      visibilityTimeoutSeconds: consumer.queue.visibilityTimeoutSeconds,
      log: host.options.log,
    });
    host.stops.push(() => mapping.stop());
  }
}

/** Schedule rules: each scheduled function gets EventBridge's scheduled event, on a timer and on request. */
function hostSchedules(host: HostContext, make: MakeFunction) {
  const { options } = host;
  const scheduled = new Map<string, (time: Date) => Promise<unknown>>();
  for (const definition of host.wiring.schedules) {
    const fn = make(definition, 1);
    let chain: Promise<unknown> = Promise.resolve();
    const run = (time: Date) => {
      // One run at a time, as a rate rule with a short function does in practice.
      const next = chain.then(() => fn.invoke(scheduledEvent(definition.id, time)));
      chain = next.catch(() => undefined);
      return next;
    };
    scheduled.set(definition.id, run);
    if (options.scheduleIntervalMs > 0) {
      // A rule every hour runs 60 times less often than one every minute, here as in AWS.
      const timer = setInterval(() => {
        run(host.clock.now()).catch((error) => options.log(`${definition.id} failed: ${(error as Error).message}`));
      }, options.scheduleIntervalMs * definition.everyMinutes);
      host.stops.push(() => clearInterval(timer));
    }
  }
  return scheduled;
}

/** HTTP functions behind the API's routes; staff routes checked by the local issuer before a function runs. */
function hostRoutes(host: HostContext, make: MakeFunction) {
  return httpApi(
    host.wiring.http.flatMap((definition) => {
      const fn = make(definition, HTTP_CONCURRENCY);
      const authorize =
        definition.access.kind === 'staff'
          ? (header: string | undefined) => host.staffIssuer.verify(header)
          : undefined;
      return definition.routes.map((route) => ({ ...route, fn, authorize }));
    }),
  );
}

/**
 * Replies by email: the SMTP port stores each message as SES's S3 action would, then invokes the receiver
 * asynchronously as SES's Lambda action does: two retries with backoff, then its dead-letter queue.
 */
async function hostMailReceivers(host: HostContext, make: MakeFunction): Promise<number | undefined> {
  const { options, queues } = host;
  const replies = host.config.replies;
  let smtpPort: number | undefined;
  for (const receiver of replies === undefined ? [] : host.wiring.mail) {
    const deadLetterQueue = `${kebab(receiver.id)}-dlq`;
    queues.define({ name: deadLetterQueue, visibilityTimeoutSeconds: 30 });
    const fn = make(receiver, HTTP_CONCURRENCY, {
      [INVOCATION_ENV.deadLetterQueue]: `${host.eventsUrl}/${ACCOUNT}/${deadLetterQueue}`,
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
      domain: replies?.domain ?? '',
      maxBytes: 10 * 1024 * 1024,
      receive: async (message) => {
        host.objects.put(LOCAL_RESOURCES.inboundMailBucket, `${INBOUND_MAIL_PREFIX}${message.messageId}`, message.raw);
        void invokeWithRetries(sesReceiptEvent(message, `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${receiver.id}`));
      },
    });
    smtpPort = smtp.port;
    host.stops.push(() => smtp.stop());
  }
  return smtpPort;
}

/**
 * Every function of the wiring, hosted as AWS invokes it: consumers fed by their queues, scheduled functions,
 * HTTP functions behind the API's routes, mail receivers behind the SMTP port. Returns the API's router, the
 * schedules by id and the SMTP port.
 */
export async function hostFunctions(host: HostContext) {
  const make = functionMaker(host);
  hostConsumers(host, make);
  const scheduled = hostSchedules(host, make);
  const routeRequest = hostRoutes(host, make);
  const smtpPort = await hostMailReceivers(host, make);
  return { routeRequest, scheduled, smtpPort };
}
