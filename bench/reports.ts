import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DocumentClient } from '../shared/adapters/aws/dynamodb.ts';
import { DynamoDbReportReader } from '../shared/adapters/dynamodb/report-reader.ts';
import { keys } from '../shared/adapters/dynamodb/table-design.ts';
import { classify } from '../shared/domain/answer.ts';
import { type AggregateRow, summarize } from '../shared/domain/reports.ts';
import { SdkMeter } from './sdk-meter.ts';
import { median, pool, round } from './stats.ts';

const DAY_MS = 86_400_000;
const PROGRAM = 'bench-nps';

interface Options {
  dynamodbEndpoint: string;
  /** Stores with a year of daily rows each. */
  stores: number;
  /** Answers per day at the first store, also written one by one: what a report without aggregates reads. */
  answersPerDay: number;
  rounds: number;
}

const days = (count: number, to: number) =>
  Array.from({ length: count }, (_, i) => new Date(to - (count - 1 - i) * DAY_MS).toISOString().slice(0, 10));

/**
 * What a year's report costs: a year of daily aggregate rows for a number of stores, and for one store every
 * answer as well. Measures, side by side, the requests and read capacity of the summary from the aggregates (one
 * store; all stores; the breakdown by store) against computing the same NPS from every answer of the year.
 *
 * Long because the comparison is one sequence: seed, then each way of reading, each beside its reference.
 */
export async function measureReports(options: Options) {
  const client = new DynamoDBClient({
    endpoint: options.dynamodbEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  // closeloop's own client reads the reports, as the staff functions do.
  const reads = new DocumentClient({
    context: {
      env: {
        AWS_REGION: 'us-east-1',
        AWS_ENDPOINT_URL_DYNAMODB: options.dynamodbEndpoint,
        AWS_ACCESS_KEY_ID: 'bench',
        AWS_SECRET_ACCESS_KEY: 'bench',
      },
    },
  });
  const year = days(365, Date.parse('2026-11-22T00:00:00Z'));
  const stores = Array.from({ length: options.stores }, (_, i) => `bench-store-${i}`);

  // Seed: deterministic scores so the two ways of counting can be compared to the unit.
  const scoreOf = (dayIndex: number, n: number) => (dayIndex * 7 + n * 3) % 11;
  const items: Record<string, unknown>[] = [];
  for (const [s, storeId] of stores.entries()) {
    for (const [d, day] of year.entries()) {
      const counters: Record<string, number> = { responses: options.answersPerDay, sent: options.answersPerDay + 5 };
      counters.answered = options.answersPerDay;
      for (let n = 0; n < options.answersPerDay; n++) {
        const score = scoreOf(d + s, n);
        counters[`score_${score}`] = (counters[`score_${score}`] ?? 0) + 1;
      }
      items.push({
        ...keys.aggregate(storeId, PROGRAM, day),
        ...keys.aggregateListing(storeId, PROGRAM, day),
        storeId,
        program: PROGRAM,
        metric: 'nps',
        day,
        ...counters,
      });
    }
  }
  const firstStore = stores[0] ?? 'bench-store-0';
  for (const [d, day] of year.entries()) {
    for (let n = 0; n < options.answersPerDay; n++) {
      const surveyId = `bench-${day}-${n}`;
      const answeredAt = `${day}T12:${String(n % 60).padStart(2, '0')}:00.000Z`;
      const score = scoreOf(d, n);
      items.push({
        ...keys.response(surveyId),
        ...keys.responsesOfStore(firstStore, answeredAt, surveyId),
        ...keys.responsesOfMonth(answeredAt, surveyId),
        surveyId,
        storeId: firstStore,
        program: PROGRAM,
        metric: 'nps',
        class: classify('nps', score),
        score,
        comment: n % 3 === 0 ? 'The beans arrived on time and the grinder works, thank you.' : undefined,
        answeredAt,
        updatedAt: answeredAt,
        channel: 'web',
        version: 1,
        customerId: `cus-${n}`,
        trigger: { type: 'order', id: surveyId },
      });
    }
  }
  const batches = Array.from({ length: Math.ceil(items.length / 25) }, (_, i) => items.slice(i * 25, i * 25 + 25));
  await pool(batches, 8, async (batch) => {
    let unprocessed: Record<string, unknown>[] | undefined = batch.map((Item) => ({ PutRequest: { Item } }));
    while (unprocessed && unprocessed.length > 0) {
      const { UnprocessedItems } = await db.send(
        new BatchWriteCommand({ RequestItems: { closeloop: unprocessed as never } }),
      );
      unprocessed = UnprocessedItems?.closeloop as Record<string, unknown>[] | undefined;
    }
  });

  const meter = new SdkMeter();
  meter.attach('DynamoDB', reads);
  const reader = new DynamoDbReportReader(reads, 'closeloop');
  const period = { from: year[0] ?? '', to: year[year.length - 1] ?? '' };

  const measure = async (what: string, run: () => Promise<unknown>) => {
    const times: number[] = [];
    let result: unknown;
    let requests = 0;
    let readUnits = 0;
    for (let i = 0; i < options.rounds; i++) {
      const before = meter.snapshot();
      const started = performance.now();
      result = await run();
      times.push(performance.now() - started);
      const after = meter.snapshot();
      requests =
        [...after.requests.values()].reduce((a, b) => a + b, 0) -
        [...before.requests.values()].reduce((a, b) => a + b, 0);
      readUnits = after.readCapacityUnits - before.readCapacityUnits;
    }
    return { what, requests, readCapacityUnits: round(readUnits, 1), medianMs: round(median(times), 1), result };
  };

  const oneStore = await measure('summary, one store, 365 days (aggregates)', async () =>
    summarize('nps', await reader.aggregates({ program: PROGRAM, storeId: firstStore, ...period })),
  );
  const allStores = await measure(`summary, all ${options.stores} stores, 365 days (aggregates)`, async () =>
    summarize('nps', await reader.aggregates({ program: PROGRAM, ...period })),
  );
  const fromAnswers = await measure('the same one-store NPS from every answer of the year', async () => {
    const rows: AggregateRow[] = [];
    let cursor: string | undefined;
    do {
      const page = await reader.responses({
        program: PROGRAM,
        storeId: firstStore,
        ...period,
        withComment: false,
        limit: 1000,
        cursor,
      });
      for (const response of page.responses)
        rows.push({
          day: response.answeredAt.slice(0, 10),
          storeId: firstStore,
          counters: { responses: 1, [`score_${response.score}`]: 1 },
        });
      cursor = page.cursor;
    } while (cursor !== undefined);
    return summarize('nps', rows);
  });
  const a = oneStore.result as { nps: number | null; responses: number };
  const b = fromAnswers.result as { nps: number | null; responses: number };
  return {
    stores: options.stores,
    answersPerYearAtOneStore: options.answersPerDay * 365,
    sameResult: a.nps === b.nps && a.responses === b.responses,
    measurements: [oneStore, allStores, fromAnswers].map(({ result: _result, ...figures }) => figures),
    readUnitsRatio: round(fromAnswers.readCapacityUnits / Math.max(oneStore.readCapacityUnits, 0.5), 0),
  };
}
