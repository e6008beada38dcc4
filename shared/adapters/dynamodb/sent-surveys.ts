import type { AnswerClass } from '../../domain/answer.ts';
import type { SentSurvey } from '../../ports/report-reader.ts';
import { onIndex } from '../../topology/table.ts';
import { BatchGetCommand, type DocumentClient } from '../aws/dynamodb.ts';
import { queryAll } from './query-pages.ts';
import { keys, seg } from './table-design.ts';

/** DynamoDB's most keys in one `BatchGetItem`. */
const BATCH = 100;
/** What the loyalty report needs of a sent survey. */
const FIELDS = 'id, storeId, customer.id, sentAt, answerClass, #program';

/**
 * A store's surveys of one program sent in a period (`from`…`to`, ISO prefixes), oldest first: those listed in the
 * keys-only index gsi5, each read by its key, and those sent before gsi5, listed whole in gsi3 under
 * `STORE#{storeId}#SENT`. An erased survey (no customer) is left out.
 */
export async function readSurveysSent(
  db: DocumentClient,
  tableName: string,
  query: { storeId: string; program: string; from: string; to: string },
): Promise<SentSurvey[]> {
  const range = { ':from': query.from, ':to': `${query.to}~` };
  const listed = await queryAll(db, {
    TableName: tableName,
    ...onIndex('sentOfStore', { between: [':from', ':to'] }),
    ExpressionAttributeValues: { ':pk': keys.surveysSentOfStore(query.storeId, '', '').gsi5pk, ...range },
  });
  const before = await queryAll(db, {
    TableName: tableName,
    ...onIndex('perStore', { between: [':from', ':to'] }),
    ProjectionExpression: FIELDS,
    ExpressionAttributeNames: { '#program': 'program' },
    ExpressionAttributeValues: { ':pk': `STORE#${seg(query.storeId)}#SENT`, ...range },
  });
  const byId = new Map<string, Record<string, unknown>>();
  for (const item of [...before, ...(await byKey(db, tableName, listed))]) byId.set(String(item.id), item);
  return [...byId.values()]
    .filter((item) => item.program === query.program && item.customer !== undefined)
    .map(toSentSurvey)
    .sort((a, b) => a.sentAt.localeCompare(b.sentAt) || a.surveyId.localeCompare(b.surveyId));
}

/** The surveys of index entries, read by key a hundred at a time (what DynamoDB leaves unread, read again). */
async function byKey(db: DocumentClient, tableName: string, entries: Record<string, unknown>[]) {
  const found: Record<string, unknown>[] = [];
  for (let start = 0; start < entries.length; start += BATCH) {
    type Request = NonNullable<ConstructorParameters<typeof BatchGetCommand>[0]['RequestItems']>;
    let request: Request | undefined = {
      [tableName]: {
        Keys: entries.slice(start, start + BATCH).map((entry) => ({ pk: entry.pk, sk: entry.sk })),
        ProjectionExpression: FIELDS,
        ExpressionAttributeNames: { '#program': 'program' },
      },
    };
    while (request !== undefined && Object.keys(request).length > 0) {
      const page = await db.send(new BatchGetCommand({ RequestItems: request }));
      found.push(...(page.Responses?.[tableName] ?? []));
      request = page.UnprocessedKeys as Request | undefined;
    }
  }
  return found;
}

function toSentSurvey(item: Record<string, unknown>): SentSurvey {
  return {
    surveyId: String(item.id),
    storeId: String(item.storeId),
    customerId: String((item.customer as { id?: unknown } | undefined)?.id),
    sentAt: String(item.sentAt),
    ...(typeof item.answerClass === 'string' ? { answerClass: item.answerClass as AnswerClass } : {}),
  };
}
