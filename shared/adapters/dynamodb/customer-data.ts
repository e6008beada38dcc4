import type { CustomerData } from '../../ports/customer-data.ts';
import { onIndex } from '../../topology/table.ts';
import {
  DeleteCommand,
  type DocumentClient,
  GetCommand,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteCommand,
} from '../aws/dynamodb.ts';
import { keys, seg } from './table-design.ts';

const ERASED = 'erased';
const SURVEY_KEY_PREFIX = keys.survey('').pk;
/** A survey being answered while it is erased cancels the erasure at most a few times: each answer is one write. */
const MAX_ERASE_ATTEMPTS = 8;

export class DynamoDbCustomerData implements CustomerData {
  private readonly db: DocumentClient;
  private readonly tableName: string;

  constructor(db: DocumentClient, tableName: string) {
    this.db = db;
    this.tableName = tableName;
  }

  /**
   * The customer's surveys (gsi4 holds their keys: the id is the key's), then those listed before gsi4 existed, in
   * gsi1 under `CUSTOMER#{customerId}` (kept out of `keys`, which every bundle carries).
   */
  async surveyIds(customerId: string, limit: number): Promise<string[]> {
    const listed = async (index: 'ofCustomer' | 'acrossStores', pk: string, max: number) => {
      const { Items = [] } = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          ...onIndex(index),
          ExpressionAttributeValues: { ':pk': pk },
          ProjectionExpression: 'pk',
          Limit: max,
        }),
      );
      return Items.map((item) => String(item.pk).slice(SURVEY_KEY_PREFIX.length));
    };
    const ids = await listed('ofCustomer', keys.surveysOfCustomer(customerId, '', '').gsi4pk, limit);
    if (ids.length >= limit) return ids;
    const before = await listed('acrossStores', `CUSTOMER#${seg(customerId)}`, limit - ids.length);
    return [...ids, ...before.filter((id) => !ids.includes(id))];
  }

  /**
   * Erases one survey and what hangs off it in one transaction, conditioned on what it read: an answer or a case
   * written meanwhile cancels it, and it runs again on what is there now. Every writer of customer data, for its
   * part, holds only while the survey is no tombstone, so once this commits nothing about the customer comes back.
   */
  async eraseSurvey(surveyId: string, at: string): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.eraseSurveyOnce(surveyId, at);
      } catch (error) {
        if (!(error instanceof TransactionCanceledException) || attempt >= MAX_ERASE_ATTEMPTS) throw error;
      }
    }
  }

  private async eraseSurveyOnce(surveyId: string, at: string): Promise<boolean> {
    const read = (key: { pk: string; sk: string }) =>
      this.db.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    const [survey, response, followUp] = await Promise.all([
      read(keys.survey(surveyId)),
      read(keys.response(surveyId)),
      read(keys.followUpCase(surveyId)),
    ]);
    if (survey.Item === undefined || survey.Item.status === ERASED) return false;
    const table = this.tableName;
    // Absent when read: still absent, or the transaction starts over on what was written meanwhile.
    const stillAbsent = (key: { pk: string; sk: string }) => ({
      ConditionCheck: { TableName: table, Key: key, ConditionExpression: 'attribute_not_exists(pk)' },
    });
    const writes: TransactItems = [
      ...tombstones(table, surveyId, survey.Item, at),
      response.Item ? answerErased(table, surveyId, at) : stillAbsent(keys.response(surveyId)),
      followUp.Item ? caseErased(table, surveyId, followUp.Item, at) : stillAbsent(keys.followUpCase(surveyId)),
    ];
    await this.db.send(new TransactWriteCommand({ TransactItems: writes }));
    return true;
  }

  async eraseLedger(customerId: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keys.contacts(customerId) }));
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keys.purchases(customerId) }));
  }
}

type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>;

/**
 * The survey's tombstone (no customer, out of the customer and due-time indexes, still holding the id so the same
 * trigger redelivered finds it and creates nothing) and the loop's (a state past every version, with nothing
 * pending, so no decision about this survey — a case, a note — can be written after the erasure).
 */
function tombstones(table: string, surveyId: string, survey: Record<string, unknown>, at: string): TransactItems {
  return [
    {
      Put: {
        TableName: table,
        ConditionExpression: 'attribute_not_exists(erasedAt)',
        Item: {
          ...keys.survey(surveyId),
          type: 'Survey',
          id: surveyId,
          program: survey.program,
          storeId: survey.storeId,
          trigger: survey.trigger,
          createdAt: survey.createdAt,
          status: ERASED,
          erasedAt: at,
        },
      },
    },
    {
      Put: {
        TableName: table,
        Item: {
          ...keys.loop(surveyId),
          type: 'LoopState',
          surveyId,
          version: Number.MAX_SAFE_INTEGER,
          pending: {},
          thanked: true,
          promoterAnnounced: true,
          erasedAt: at,
        },
      },
    },
  ];
}

/** The answer kept for the counts, without its customer or comment. */
function answerErased(table: string, surveyId: string, at: string): TransactItems[number] {
  return {
    Update: {
      TableName: table,
      Key: keys.response(surveyId),
      UpdateExpression:
        'SET customerId = :erased, erasedAt = :at REMOVE #comment, commentSearch, customerName, pendingEvent',
      ExpressionAttributeNames: { '#comment': 'comment' },
      ExpressionAttributeValues: { ':erased': ERASED, ':at': at },
    },
  };
}

/** The case kept for the loop's figures, without its customer, comment, notes or what the resolution said. */
function caseErased(
  table: string,
  surveyId: string,
  followUp: Record<string, unknown>,
  at: string,
): TransactItems[number] {
  return {
    Update: {
      TableName: table,
      Key: keys.followUpCase(surveyId),
      UpdateExpression: `SET customer = :customer, notes = :none, erasedAt = :at${
        followUp.resolution ? ', resolution = :resolution' : ''
      } REMOVE answer.#comment`,
      ExpressionAttributeNames: { '#comment': 'comment' },
      ExpressionAttributeValues: {
        ':customer': { id: ERASED, email: ERASED },
        ':none': [],
        ':at': at,
        ...(followUp.resolution ? { ':resolution': 'Erased at the customer’s request.' } : {}),
      },
    },
  };
}
