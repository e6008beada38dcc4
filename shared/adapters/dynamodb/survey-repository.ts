import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Survey } from '../../domain/survey.ts';
import type { SurveyRepository } from '../../ports/survey-repository.ts';
import { keys } from './table-design.ts';

const SURVEY_FIELDS = [
  'id',
  'program',
  'metric',
  'storeId',
  'customer',
  'trigger',
  'agent',
  'locale',
  'status',
  'createdAt',
  'expiresAt',
  'leaseUntil',
  'sentAt',
  'messageId',
  'announced',
] as const satisfies readonly (keyof Survey)[];

function toSurvey(item: Record<string, unknown>): Survey {
  return Object.fromEntries(
    SURVEY_FIELDS.filter((field) => field in item).map((field) => [field, item[field]]),
  ) as unknown as Survey;
}

export class DynamoDbSurveyRepository implements SurveyRepository {
  private readonly db: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(db: DynamoDBDocumentClient, tableName: string) {
    this.db = db;
    this.tableName = tableName;
  }

  async createIfAbsent(survey: Survey): Promise<'created' | 'exists'> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.survey(survey.id),
            ...keys.surveysOfCustomer(survey.customer.id, survey.createdAt, survey.id),
            type: 'Survey',
            ...survey,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'created';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'exists';
      throw error;
    }
  }

  async get(id: string): Promise<Survey | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.survey(id), ConsistentRead: true }),
    );
    return Item ? toSurvey(Item) : undefined;
  }

  async claimForSending(id: string, now: Date, leaseUntil: Date): Promise<Survey | undefined> {
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.survey(id),
          UpdateExpression: 'SET #status = :sending, leaseUntil = :leaseUntil',
          ConditionExpression:
            'attribute_exists(pk) AND (#status = :pending OR (#status = :sending AND leaseUntil <= :now))',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':pending': 'pending',
            ':now': now.toISOString(),
            ':leaseUntil': leaseUntil.toISOString(),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? toSurvey(Attributes) : undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  async markSent(id: string, sent: { messageId: string; sentAt: string; leaseUntil: string }): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.survey(id),
        UpdateExpression: 'SET #status = :sent, sentAt = :sentAt, messageId = :messageId REMOVE leaseUntil',
        ConditionExpression: '#status = :sending AND leaseUntil = :leaseUntil',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':sent': 'sent',
          ':sending': 'sending',
          ':sentAt': sent.sentAt,
          ':messageId': sent.messageId,
          ':leaseUntil': sent.leaseUntil,
        },
      }),
    );
  }

  async markAnnounced(id: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.survey(id),
        UpdateExpression: 'SET announced = :true',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':true': true },
      }),
    );
  }
}
