import type { CapacityMeter } from '../local/capacity-meter.ts';
import { DocumentClient, GetCommand } from '../shared/adapters/aws/dynamodb.ts';
import { DynamoDbSurveyScheduling } from '../shared/adapters/dynamodb/survey-scheduling.ts';
import { readDeployedConfig } from '../shared/config/deployed.ts';
import { tableLayout } from '../shared/topology/sizing.ts';
import type { SesInbox } from './inbox.ts';
import { costLines, type PathShape, priced } from './lifecycle-cost.ts';
import { delivered, queued, queueEvent, summariseClasses } from './lifecycle-parts.ts';
import type { SdkMeter } from './sdk-meter.ts';
import { round } from './stats.ts';

/** Unanswered surveys measured beside the answered ones, as a share of their number. */
export const UNANSWERED_SHARE = 0.3;

const UNANSWERED_PATH: PathShape = {
  httpRequests: 0,
  sendMessages: 2,
  sweepRequests: 0.01,
  otherEmails: 'SES (the reminder)',
};

interface Tally {
  invocations: number;
  gbSeconds: number;
  logBytes: number;
}

/**
 * The whole path of surveys nobody answers, through the same handlers and meters as the answered ones: the purchase,
 * the survey email and SES's delivery report on it, then the reminder the sweep finds due (its mark), its email and
 * its delivery report. Priced like the answered path; the reminder's email is the one SES cost beyond the floor.
 */
export async function measureUnanswered<S>(run: {
  surveys: number;
  survey: (k: number) => Promise<S>;
  remind: (surveyed: S) => Promise<void>;
  capacity: CapacityMeter;
  meter: SdkMeter;
  tally: () => Tally;
}) {
  const before = { requests: run.meter.snapshot().requests, ...run.tally() };
  run.capacity.start();
  for (let k = 0; k < run.surveys; k++) await run.remind(await run.survey(k));
  const capacity = run.capacity.snapshot();
  const after = run.tally();

  const n = run.surveys;
  const perSurvey = (key: string) => ((run.meter.requests.get(key) ?? 0) - (before.requests.get(key) ?? 0)) / n;
  const count = (prefix: string) =>
    [...run.meter.requests.keys()]
      .filter((key) => key.startsWith(prefix))
      .reduce((sum, key) => sum + perSurvey(key), 0);
  const measured = {
    invocations: (after.invocations - before.invocations) / n,
    gbSeconds: (after.gbSeconds - before.gbSeconds) / n,
    readCapacityUnits: capacity.total.readUnits / n,
    writeCapacityUnits: capacity.total.writeUnits / n,
    logBytes: (after.logBytes - before.logBytes) / n,
  };
  const { costPer1000, totalPer1000, sesPer1000, overEveryEmailPercent, aboveFloorPercent, withoutOtherEmailsPercent } =
    priced(costLines(count, measured, UNANSWERED_PATH));
  const [summary] = summariseClasses({ unanswered: { surveys: n, capacity } });
  if (summary === undefined) throw new Error('no unanswered survey was measured');
  return {
    ...summary,
    path: 'purchase → NPS email → SES delivery report → the sweep queues the reminder → reminder email → SES delivery report',
    invocationsPerSurvey: round(measured.invocations, 2),
    costPer1000,
    totalPer1000,
    sesPer1000,
    overEveryEmailPercent,
    aboveFloorPercent,
    // The reminder is an email of its own (`reminder: false` leaves it out); without it, what the path adds.
    aboveFloorWithoutReminderPercent: withoutOtherEmailsPercent,
  };
}

/**
 * The reminder of a survey nobody answered, as the sweep and the sender make it: the sweep's mark (queued, off the
 * due index) through the functions' metered client, the send request to the sender, SES's delivery report on the
 * reminder's email. The sweep's query reads a page of due keys for up to a hundred emails; here a read of the survey,
 * unmetered, stands in for it.
 */
export function reminderStep(ctx: {
  tableName: string;
  dynamodbUrl: string;
  metered: DocumentClient;
  configFile: string;
  inbox: SesInbox;
  send: (event: unknown) => Promise<{ batchItemFailures: unknown[] }>;
  feedback: (event: unknown) => Promise<unknown>;
}) {
  const scheduling = new DynamoDbSurveyScheduling(
    ctx.metered,
    ctx.tableName,
    tableLayout(readDeployedConfig(ctx.configFile)),
  );
  const env = { AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: ctx.dynamodbUrl };
  const unmetered = new DocumentClient({
    context: { env: { ...env, AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench' } },
  });
  return async ({ to, surveyId, storeId }: { to: string; surveyId: string; storeId: string }) => {
    const { Item } = await unmetered.send(
      new GetCommand({ TableName: ctx.tableName, Key: { pk: `SURVEY#${surveyId}`, sk: 'SURVEY' } }),
    );
    const dueAt = String((Item?.reminder as { dueAt?: unknown } | undefined)?.dueAt ?? '');
    if (!(await scheduling.markQueued({ surveyId, step: 'reminder', dueAt })))
      throw new Error(`no reminder due for survey ${surveyId}`);
    const request = JSON.stringify({ surveyId, step: 'reminder', asOf: dueAt });
    const sent = await ctx.send(queueEvent(request, 'send-survey'));
    if (sent.batchItemFailures.length > 0) throw new Error('the reminder failed in the benchmark');
    await ctx.inbox.waitFor((email) => email.to === to, 2, 10_000);
    const [messageId] = [...ctx.inbox.emails].filter(([, seen]) => seen.to === to)[1] ?? [];
    const report = delivered({ messageId: messageId ?? '', to, surveyId, storeId });
    await ctx.feedback(queued('aws.ses', 'Email Delivered', report, 'delivery-feedback'));
  };
}
