import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ACCOUNT } from '../local/aws/sqs-api.ts';
import { CapacityMeter, type CapacitySnapshot } from '../local/capacity-meter.ts';
import { startFaultProxy } from '../local/fault-proxy.ts';
import { lambdaContext } from '../local/functions/context.ts';
import { apiGatewayEvent } from '../local/http-api.ts';
import type { RuntimeUrls } from '../local/process.ts';
import { LOCAL_RESOURCES } from '../local/runtime.ts';
import { loadConfigFile, validatedConfigText } from '../shared/config/load.ts';
import { wiring } from '../shared/topology/wiring.ts';
import type { SesInbox } from './inbox.ts';
import { costLines, priced } from './lifecycle-cost.ts';
import {
  type AnswerClass,
  CLASSES,
  captureEvents,
  delivered,
  MIX,
  queued,
  queueEvent,
  summariseClasses,
} from './lifecycle-parts.ts';
import { measureUnanswered, reminderStep, UNANSWERED_SHARE } from './lifecycle-unanswered.ts';
import { purchase } from './pipeline.ts';
import { ASSUMPTIONS, PRICES } from './prices.ts';
import { SdkMeter } from './sdk-meter.ts';
import { round } from './stats.ts';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

function validatedCopy(configFile: string): string {
  const file = `${configFile}.validated.json`;
  writeFileSync(file, validatedConfigText(loadConfigFile(configFile)));
  return file;
}

function find<T extends { id: string }>(functions: readonly T[], id: string): T {
  const found = functions.find((f) => f.id === id);
  if (found === undefined) throw new Error(`no function ${id} in the wiring`);
  return found;
}

/**
 * One survey's whole life, run in this process through the real handlers against the local emulators, with an
 * SDK meter on the functions' own clients: a purchase arrives (as the queue delivers it), the survey email goes
 * out, the customer opens the answer page and posts a detractor's score with a comment. Lambda's billed time is
 * each invocation's measured duration at the function's memory size. The first survey starts every function
 * cold and fetches the signing key; the figures are those of the warm surveys after it.
 *
 * Long because it is one timeline, measured in the order it runs (start, cold survey, warm surveys, tally); each
 * step reads the meters the previous one left.
 */
export async function measureLifecycle(options: {
  urls: RuntimeUrls;
  inbox: SesInbox;
  configFile: string;
  surveys: number;
}) {
  const { urls } = options;
  const schedule = find(wiring.consumers, 'ScheduleSurvey');
  const send = find(wiring.consumers, 'SendSurvey');
  // The scheduler's send requests go to a queue nothing in the runtime consumes (the sender's dead-letter queue),
  // so the benchmark hands them to its own, metered sender.
  const benchSendQueue = `${urls.events}/${ACCOUNT}/send-survey-dlq`;
  const page = find(wiring.http, 'AnswerPage');
  const record = find(wiring.http, 'RecordAnswer');
  const feedback = find(wiring.consumers, 'DeliveryFeedback');
  const closeLoop = find(wiring.consumers, 'CloseLoop');
  // Every DynamoDB request through the runtime's metering proxy: units by table and index, as billed.
  const capacity = new CapacityMeter();
  const proxy = await startFaultProxy('dynamodb', urls.dynamodb, capacity);
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_ENDPOINT_URL_DYNAMODB: proxy.url,
    AWS_ENDPOINT_URL_SESV2: urls.ses,
    AWS_ENDPOINT_URL_EVENTBRIDGE: urls.events,
    AWS_ENDPOINT_URL_SQS: urls.events,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: urls.events,
    TABLE_NAME: LOCAL_RESOURCES.table,
    EVENT_BUS_NAME: wiring.busName,
    SES_CONFIGURATION_SET: LOCAL_RESOURCES.configurationSet,
    SIGNING_KEY_SECRET_ID: LOCAL_RESOURCES.signingKeySecret,
    PUBLIC_BASE_URL: urls.http,
    // What synth writes beside each function: the configuration validated, its defaults filled in.
    CLOSELOOP_CONFIG_FILE: validatedCopy(options.configFile),
    DEAD_LETTER_QUEUE_URL: `${urls.events}/${ACCOUNT}/schedule-survey-dlq`,
    MAX_RECEIVE_COUNT: String(schedule.queue.maxReceiveCount),
    SEND_QUEUE_URL: benchSendQueue,
    POWERTOOLS_LOG_LEVEL: 'INFO',
    POWERTOOLS_SERVICE_NAME: 'closeloop',
  });

  const clients = await import('../shared/platform/clients.ts');
  // The benchmark's own client (unmetered): taking the send request off the queue is the event source's work.
  const benchQueue = new SQSClient({
    endpoint: urls.events,
    region: 'us-east-1',
    credentials: { accessKeyId: 'b', secretAccessKey: 'b' },
  });
  const meter = new SdkMeter();
  meter.attach('DynamoDB', clients.dynamoDocumentClient());
  meter.attach('SES', clients.sesClient());
  meter.attach('EventBridge', clients.eventBridgeClient());
  meter.attach('SQS', clients.sqsClient());
  meter.attach('SecretsManager', clients.secretsManagerClient());
  const events = captureEvents(clients.eventBridgeClient());
  const load = async (entry: string) => ((await import(`../${entry}`)) as { handler: Handler }).handler;
  const handlers = {
    schedule: await load(schedule.entry),
    send: await load(send.entry),
    page: await load(page.entry),
    record: await load(record.entry),
    feedback: await load(feedback.entry),
    closeLoop: await load(closeLoop.entry),
  };

  // The functions' logs, counted as CloudWatch would ingest them, and kept off the benchmark's table.
  let logBytes = 0;
  const write = process.stdout.write.bind(process.stdout);
  const invoke = async (definition: { id: string; memoryMb: number }, handler: Handler, event: unknown) => {
    const context = lambdaContext({
      functionName: definition.id,
      memoryMb: definition.memoryMb,
      requestId: randomUUID(),
      deadline: Date.now() + 30_000,
    });
    process.stdout.write = ((chunk: string | Uint8Array) => {
      logBytes += Buffer.byteLength(chunk);
      return true;
    }) as typeof process.stdout.write;
    const started = performance.now();
    try {
      return await handler(event, context);
    } finally {
      const ms = Math.ceil(performance.now() - started);
      process.stdout.write = write;
      gbSeconds += (ms / 1000) * (definition.memoryMb / 1024);
      invocations++;
    }
  };
  let gbSeconds = 0;
  let invocations = 0;

  const runId = randomUUID().slice(0, 8);
  /** A purchase through to its survey email, and SES's delivery report on it. */
  const surveyed = async (i: number) => {
    const detail = purchase(runId, i, 'life');
    const batch = (await invoke(
      schedule,
      handlers.schedule,
      queued('bench.store', 'Purchase Completed', detail, 'schedule-survey'),
    )) as { batchItemFailures: unknown[] };
    if (batch.batchItemFailures.length > 0) throw new Error('the scheduling failed in the benchmark');
    const { Messages = [] } = await benchQueue.send(
      new ReceiveMessageCommand({ QueueUrl: benchSendQueue, MaxNumberOfMessages: 1 }),
    );
    const request = Messages[0];
    if (request?.Body === undefined || request.ReceiptHandle === undefined) throw new Error('no send request queued');
    await benchQueue.send(new DeleteMessageCommand({ QueueUrl: benchSendQueue, ReceiptHandle: request.ReceiptHandle }));
    const sent = (await invoke(send, handlers.send, queueEvent(request.Body, 'send-survey'))) as {
      batchItemFailures: unknown[];
    };
    if (sent.batchItemFailures.length > 0) throw new Error('the send failed in the benchmark');

    const to = detail.customer.email;
    await options.inbox.waitFor((email) => email.to === to, 1, 10_000);
    const [messageId, email] = [...options.inbox.emails].find(([, seen]) => seen.to === to) ?? [];
    const token = email?.token ?? '';
    // SES reports the delivery; the survey notes it.
    const surveyId = token.split('.')[2] ?? '';
    await invoke(
      feedback,
      handlers.feedback,
      queued(
        'aws.ses',
        'Email Delivered',
        delivered({ messageId: messageId ?? '', to, surveyId, storeId: detail.storeId }),
        'delivery-feedback',
      ),
    );
    return { to, token, surveyId, storeId: detail.storeId };
  };

  /** The answer page, the answer, and the loop closed on it. */
  const answer = async ({ token }: { token: string }, answerClass: AnswerClass) => {
    const http = (method: string, path: string, query: string, bodyText: string, contentType: string) => {
      const url = new URL(`${urls.http}${path}${query}`);
      return apiGatewayEvent({
        routeKey: `${method} /s/{token}`,
        method,
        url,
        headers: { host: url.host, 'content-type': contentType, 'user-agent': 'bench' },
        pathParameters: { token },
        body: Buffer.from(bodyText),
      });
    };
    const score = CLASSES[answerClass];
    const shown = (await invoke(
      page,
      handlers.page,
      http('GET', `/s/${token}`, `?score=${score}`, '', 'text/plain'),
    )) as { statusCode: number };
    const answered = (await invoke(
      record,
      handlers.record,
      http('POST', `/s/${token}`, '', `score=${score}&comment=Late+again.`, 'application/x-www-form-urlencoded'),
    )) as { statusCode: number };
    // A form post is answered with a redirect to the finished page (303), as a browser's is.
    if (shown.statusCode !== 200 || answered.statusCode !== 303) {
      throw new Error(`answer page ${shown.statusCode}, answer ${answered.statusCode}`);
    }
    // The loop closes on the answer as the bus would deliver it to the CloseLoop consumer.
    for (const event of events.take().filter((e) => e.detailType === 'Survey Answered')) {
      const closed = (await invoke(
        closeLoop,
        handlers.closeLoop,
        queued('closeloop', event.detailType, event.detail, 'close-loop'),
      )) as { batchItemFailures: unknown[] };
      if (closed.batchItemFailures.length > 0) throw new Error('the close-loop failed in the benchmark');
    }
    events.take();
  };
  const lifecycle = async (i: number, answerClass: AnswerClass) => answer(await surveyed(i), answerClass);

  await lifecycle(0, 'passive');
  const cold = meter.snapshot();
  const coldRequests = [...cold.requests];
  const base = { logBytes, gbSeconds, invocations, ...cold };
  // The warm surveys in the mix's proportions, a class at a time, each class's DynamoDB units counted apart.
  const perClass: Partial<Record<AnswerClass, { surveys: number; capacity: CapacitySnapshot }>> = {};
  let i = 1;
  for (const [answer, share] of Object.entries(MIX) as [AnswerClass, number][]) {
    const surveys = Math.max(1, Math.round(options.surveys * share));
    capacity.start();
    for (let k = 0; k < surveys; k++) await lifecycle(i++, answer);
    perClass[answer] = { surveys, capacity: capacity.snapshot() };
  }

  const n = i - 1;
  const classes = summariseClasses(perClass);
  const unitsOfAll = Object.values(perClass).reduce(
    (sum, { capacity: c }) => ({ read: sum.read + c.total.readUnits, write: sum.write + c.total.writeUnits }),
    { read: 0, write: 0 },
  );
  const perSurvey = (value: number, start: number) => (value - start) / n;
  const requests = [...meter.requests]
    .map(([key, count]) => ({
      key,
      perSurvey: round(perSurvey(count, cold.requests.get(key) ?? 0), 2),
      capacityUnitsPerSurvey: round(perSurvey(meter.capacity.get(key) ?? 0, cold.capacity.get(key) ?? 0), 2),
    }))
    .filter((r) => r.perSurvey > 0)
    .sort((a, b) => a.key.localeCompare(b.key));
  const measured = {
    invocations: perSurvey(invocations, base.invocations),
    gbSeconds: perSurvey(gbSeconds, base.gbSeconds),
    readCapacityUnits: unitsOfAll.read / n,
    writeCapacityUnits: unitsOfAll.write / n,
    logBytes: perSurvey(logBytes, base.logBytes),
  };
  const count = (prefix: string) =>
    requests.filter((r) => r.key.startsWith(prefix)).reduce((sum, r) => sum + r.perSurvey, 0);

  const { withoutOtherEmailsPercent, ...cost } = priced(costLines(count, measured));
  const answered = {
    surveys: n,
    path: 'purchase → NPS email → SES delivery report → answer page → answer with comment → Survey Answered → close-loop',
    mix: MIX,
    perClass: classes,
    requestsPerSurvey: requests,
    coldStartOnlyRequests: coldRequests
      .filter(([key]) => !requests.some((r) => r.key === key))
      .map(([key, c]) => ({ key, count: c })),
    invocationsPerSurvey: round(measured.invocations, 2),
    lambdaGbSecondsPerSurvey: round(measured.gbSeconds, 4),
    readCapacityUnitsPerSurvey: round(measured.readCapacityUnits, 2),
    writeCapacityUnitsPerSurvey: round(measured.writeCapacityUnits, 2),
    logBytesPerSurvey: Math.round(measured.logBytes),
    ...cost,
    // The loop's own emails are what the loop is for; without them, what the pipeline adds to the survey email.
    aboveFloorWithoutLoopEmailsPercent: withoutOtherEmailsPercent,
    prices: PRICES,
    assumptions: ASSUMPTIONS,
  };

  // Surveys nobody answers: the survey email, its delivery report, the reminder the sweep finds due, and its report.
  const remind = reminderStep({
    tableName: LOCAL_RESOURCES.table,
    dynamodbUrl: urls.dynamodb,
    metered: clients.dynamoDocumentClient(),
    configFile: process.env.CLOSELOOP_CONFIG_FILE ?? '',
    inbox: options.inbox,
    send: (event) => invoke(send, handlers.send, event) as Promise<{ batchItemFailures: unknown[] }>,
    feedback: (event) => invoke(feedback, handlers.feedback, event),
  });
  const unanswered = await measureUnanswered({
    surveys: Math.max(1, Math.round(options.surveys * UNANSWERED_SHARE)),
    survey: (k) => surveyed(i + k),
    remind,
    capacity,
    meter,
    tally: () => ({ invocations, gbSeconds, logBytes }),
  });
  capacity.stop();
  await proxy.stop();
  return { ...answered, unanswered };
}
