import type { Survey } from '../../domain/survey.ts';
import type { Cancellation, DueEntry, SurveyRepository } from '../../ports/survey-repository.ts';
import type { DocumentClient } from '../aws/dynamodb.ts';
import { DynamoDbSurveyDelivery } from './survey-delivery.ts';
import type { TableLayout } from './survey-items.ts';
import { DynamoDbSurveyScheduling } from './survey-scheduling.ts';

/**
 * Every use of the survey item in one object, for tests and tools that play more than one part. A function takes
 * the part it uses: DynamoDbSurveyScheduling, DynamoDbSurveyDelivery or DynamoDbSurveyReads.
 */
export class DynamoDbSurveyRepository extends DynamoDbSurveyDelivery implements SurveyRepository {
  private readonly scheduling: DynamoDbSurveyScheduling;

  constructor(db: DocumentClient, tableName: string, layout?: TableLayout) {
    super(db, tableName, layout);
    this.scheduling = new DynamoDbSurveyScheduling(db, tableName, layout);
  }

  createIfAbsent(survey: Survey) {
    return this.scheduling.createIfAbsent(survey);
  }
  cancel(id: string, placeholder: Pick<Survey, 'program' | 'storeId' | 'trigger'>, cancellation: Cancellation) {
    return this.scheduling.cancel(id, placeholder, cancellation);
  }
  completePlaceholder(survey: Survey) {
    return this.scheduling.completePlaceholder(survey);
  }
  reschedule(id: string, closedAt: string, dueAt: string) {
    return this.scheduling.reschedule(id, closedAt, dueAt);
  }
  due(asOf: Date, limit: number) {
    return this.scheduling.due(asOf, limit);
  }
  markQueued(entry: DueEntry) {
    return this.scheduling.markQueued(entry);
  }
}
