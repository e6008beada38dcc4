import type { Step, Survey } from '../../domain/survey.ts';
import type { SurveyReads } from '../../ports/survey-repository.ts';
import { MIN_DUE_SHARDS } from '../../topology/table.ts';
import { ConditionalCheckFailedException, type DocumentClient, GetCommand, UpdateCommand } from '../aws/dynamodb.ts';
import { keys } from './table-design.ts';

/** How the configured scale lays the table out: the due index's partitions. */
export interface TableLayout {
  dueShards: number;
}

export const SURVEY_FIELDS = [
  'id',
  'program',
  'metric',
  'asksCes',
  'storeId',
  'customer',
  'trigger',
  'agent',
  'locale',
  'status',
  'dueAt',
  'createdAt',
  'expiresAt',
  'leaseUntil',
  'leaseId',
  'decidedAt',
  'sentAt',
  'messageId',
  'skipReason',
  'announced',
  'reopenedAt',
  'answeredAt',
  'countedOn',
  'reminder',
  'resurveyOf',
  'resurveyBaseline',
  'feedback',
  'retainUntil',
] as const satisfies readonly (keyof Survey)[];

export function toSurvey(item: Record<string, unknown>): Survey {
  return Object.fromEntries(
    SURVEY_FIELDS.filter((field) => field in item).map((field) => [field, item[field]]),
  ) as unknown as Survey;
}

export const PROGRAM_AT = (program: string) => `at:${program}`;
const DAY_S = 86_400;
/** Cap counters and send-rate slots are only needed while their day (or second) is current. */
export const ttlAfter = (at: Date, days: number) => Math.floor(at.getTime() / 1000) + days * DAY_S;

/**
 * The attribute paths of one email's state: the survey email's at the top of the item, the reminder's in its
 * `reminder` map. Every conditional write names them through these, so the two state machines share the code.
 */
export function pathsOf(step: Step) {
  const prefix = step === 'survey' ? '' : 'reminder.';
  return {
    names: { '#status': 'status' },
    status: `${prefix}#status`,
    leaseUntil: `${prefix}leaseUntil`,
    leaseId: `${prefix}leaseId`,
    decidedAt: `${prefix}decidedAt`,
    sentAt: `${prefix}sentAt`,
    messageId: `${prefix}messageId`,
    skipReason: `${prefix}skipReason`,
    announced: `${prefix}announced`,
    feedback: `${prefix}feedback`,
  };
}

/**
 * The survey item as every use reads it: the survey, the bookkeeping that it was announced, and the one answer to
 * replies a day. Scheduling and delivery extend it, each with the writes of its own use.
 */
export class DynamoDbSurveyReads implements SurveyReads {
  protected readonly db: DocumentClient;
  protected readonly tableName: string;
  /** The due index's partitions (`dueShards(config.scale)`): where due emails are listed and swept from. */
  protected readonly dueShards: number;

  constructor(db: DocumentClient, tableName: string, layout: TableLayout = { dueShards: MIN_DUE_SHARDS }) {
    this.db = db;
    this.tableName = tableName;
    this.dueShards = layout.dueShards;
  }

  async get(id: string): Promise<Survey | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.survey(id), ConsistentRead: true }),
    );
    // An erased survey's tombstone holds no customer: to everything that reads surveys it is gone.
    return Item && Item.status !== 'erased' ? toSurvey(Item) : undefined;
  }

  async markAnnounced(id: string, step: Step): Promise<void> {
    const p = pathsOf(step);
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.survey(id),
        UpdateExpression: `SET ${p.announced} = :true`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':true': true },
      }),
    );
  }

  async claimReplyAnswer(id: string, day: string): Promise<boolean> {
    const updated = await this.conditionalUpdate({
      Key: keys.survey(id),
      UpdateExpression: 'SET replyAnsweredOn = :day',
      ConditionExpression:
        'attribute_exists(pk) AND attribute_not_exists(erasedAt) AND (attribute_not_exists(replyAnsweredOn) OR replyAnsweredOn <> :day)',
      ExpressionAttributeValues: { ':day': day },
    });
    return updated !== undefined;
  }

  /** An update on its condition: the item as it now is, or undefined when the condition did not hold. */
  protected async conditionalUpdate(
    input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>,
  ): Promise<Record<string, unknown> | undefined> {
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({ TableName: this.tableName, ReturnValues: 'ALL_NEW', ...input }),
      );
      return Attributes ?? {};
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }
}
