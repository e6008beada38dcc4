import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CustomerData } from '../../ports/customer-data.ts';
import { onIndex } from '../../topology/table.ts';
import { keys } from './table-design.ts';

const ERASED = 'erased';
/** A survey being answered while it is erased cancels the erasure at most a few times: each answer is one write. */
const MAX_ERASE_ATTEMPTS = 8;

export class DynamoDbCustomerData implements CustomerData {
  private readonly db: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(db: DynamoDBDocumentClient, tableName: string) {
    this.db = db;
    this.tableName = tableName;
  }

  async surveyIds(customerId: string, limit: number): Promise<string[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        ...onIndex('acrossStores'),
        ExpressionAttributeValues: { ':pk': keys.surveysOfCustomer(customerId, '', '').gsi1pk },
        ProjectionExpression: 'id',
        Limit: limit,
      }),
    );
    return Items.map((item) => String(item.id));
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
    const s = survey.Item;
    const writes: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
      {
        // A tombstone: no customer, out of the customer and due-time indexes; it still holds the id, so the same
        // trigger redelivered finds it and creates nothing.
        Put: {
          TableName: this.tableName,
          ConditionExpression: 'attribute_not_exists(erasedAt)',
          Item: {
            ...keys.survey(surveyId),
            type: 'Survey',
            id: surveyId,
            program: s.program,
            storeId: s.storeId,
            trigger: s.trigger,
            createdAt: s.createdAt,
            status: ERASED,
            erasedAt: at,
          },
        },
      },
      {
        // The loop's tombstone: a state past every version, with nothing pending, so no decision about this survey
        // (a case, a note) can be written after the erasure.
        Put: {
          TableName: this.tableName,
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
    if (response.Item)
      writes.push({
        Update: {
          TableName: this.tableName,
          Key: keys.response(surveyId),
          UpdateExpression:
            'SET customerId = :erased, erasedAt = :at REMOVE #comment, commentSearch, customerName, pendingEvent',
          ExpressionAttributeNames: { '#comment': 'comment' },
          ExpressionAttributeValues: { ':erased': ERASED, ':at': at },
        },
      });
    // Absent when read: still absent, or the transaction starts over on what was written meanwhile.
    const stillAbsent = (key: { pk: string; sk: string }) => ({
      ConditionCheck: { TableName: this.tableName, Key: key, ConditionExpression: 'attribute_not_exists(pk)' },
    });
    if (response.Item === undefined) writes.push(stillAbsent(keys.response(surveyId)));
    if (followUp.Item === undefined) writes.push(stillAbsent(keys.followUpCase(surveyId)));
    if (followUp.Item)
      writes.push({
        Update: {
          TableName: this.tableName,
          Key: keys.followUpCase(surveyId),
          UpdateExpression: `SET customer = :customer, notes = :none, erasedAt = :at${
            followUp.Item.resolution ? ', resolution = :resolution' : ''
          } REMOVE answer.#comment`,
          ExpressionAttributeNames: { '#comment': 'comment' },
          ExpressionAttributeValues: {
            ':customer': { id: ERASED, email: ERASED },
            ':none': [],
            ':at': at,
            ...(followUp.Item.resolution ? { ':resolution': 'Erased at the customer’s request.' } : {}),
          },
        },
      });
    await this.db.send(new TransactWriteCommand({ TransactItems: writes }));
    return true;
  }

  async eraseLedger(customerId: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keys.contacts(customerId) }));
  }
}
