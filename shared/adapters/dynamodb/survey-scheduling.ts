import { SurveySendInProgress } from '../../domain/errors.ts';
import type { Step, Survey } from '../../domain/survey.ts';
import type { Cancellation, DueEntry, SurveyScheduling } from '../../ports/survey-repository.ts';
import { ConditionalCheckFailedException, PutCommand } from '../aws/dynamodb.ts';
import { dueKeys } from './due-index.ts';
import { DynamoDbSurveyReads, pathsOf, toSurvey } from './survey-items.ts';
import { keys, ttlUntil } from './table-design.ts';

/** The survey item's scheduling: created once per trigger, cancelled, rescheduled, found due and queued. */
export class DynamoDbSurveyScheduling extends DynamoDbSurveyReads implements SurveyScheduling {
  async createIfAbsent(survey: Survey): Promise<'created' | 'exists'> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.survey(survey.id),
            ...keys.surveysOfCustomer(survey.customer.id, survey.createdAt, survey.id),
            ...(survey.status === 'scheduled' ? keys.due(survey.id, 'survey', survey.dueAt, this.dueShards) : {}),
            type: 'Survey',
            ...survey,
            ...ttlUntil(survey.retainUntil),
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

  async cancel(
    id: string,
    placeholder: Pick<Survey, 'program' | 'storeId' | 'trigger'>,
    cancellation: Cancellation,
  ): Promise<Survey | undefined> {
    const reopened = cancellation.reason === 'ticket-reopened' ? ', reopenedAt = :at' : '';
    const cancelled = await this.conditionalUpdate({
      Key: keys.survey(id),
      UpdateExpression: `SET #status = :cancelled, skipReason = :reason, cancelledAt = :at${reopened} REMOVE gsi2pk, gsi2sk, leaseUntil`,
      ConditionExpression: '#status IN (:scheduled, :queued)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':cancelled': 'cancelled',
        ':reason': cancellation.reason,
        ':at': cancellation.at,
        ':scheduled': 'scheduled',
        ':queued': 'queued',
      },
      ReturnValues: 'ALL_NEW',
    });
    if (cancelled) return toSurvey(cancelled);

    const existing = await this.get(id);
    if (existing === undefined) {
      // The cancellation overtook its trigger: a placeholder makes the trigger, when it comes, send nothing.
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              ...keys.survey(id),
              type: 'Survey',
              id,
              ...placeholder,
              status: 'cancelled',
              skipReason: cancellation.reason,
              cancelledAt: cancellation.at,
              ...(cancellation.reason === 'ticket-reopened' ? { reopenedAt: cancellation.at } : {}),
              placeholder: true,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return undefined;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException)
          throw new SurveySendInProgress(`Survey ${id} appeared while being cancelled; cancelling again.`);
        throw error;
      }
    }
    if (existing.status === 'cancelled' && cancellation.reason === 'ticket-reopened') {
      // Reopened again: remember the latest reopen, so only a close after it brings the survey back.
      await this.conditionalUpdate({
        Key: keys.survey(id),
        UpdateExpression: 'SET reopenedAt = :at',
        ConditionExpression: '#status = :cancelled AND (attribute_not_exists(reopenedAt) OR reopenedAt < :at)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':cancelled': 'cancelled', ':at': cancellation.at },
      });
    }
    if (existing.status === 'sent') {
      // Too late for the survey; its reminder, if still waiting, is not sent.
      await this.conditionalUpdate({
        Key: keys.survey(id),
        UpdateExpression: 'SET reminder.#status = :cancelled, reminder.skipReason = :reason REMOVE gsi2pk, gsi2sk',
        ConditionExpression: 'reminder.#status IN (:scheduled, :queued)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':cancelled': 'cancelled',
          ':reason': cancellation.reason,
          ':scheduled': 'scheduled',
          ':queued': 'queued',
        },
      });
    }
    return undefined;
  }

  async completePlaceholder(survey: Survey): Promise<boolean> {
    const done = await this.conditionalUpdate({
      Key: keys.survey(survey.id),
      UpdateExpression:
        'SET metric = :metric, asksCes = :asksCes, customer = :customer, locale = :locale, createdAt = :createdAt, expiresAt = :expiresAt, dueAt = :dueAt, gsi4pk = :gsi4pk, gsi4sk = :gsi4sk REMOVE placeholder',
      ConditionExpression: 'placeholder = :true',
      ExpressionAttributeValues: {
        ':metric': survey.metric,
        ':asksCes': survey.asksCes ?? false,
        ':customer': survey.customer,
        ':locale': survey.locale,
        ':createdAt': survey.createdAt,
        ':expiresAt': survey.expiresAt,
        ':dueAt': survey.dueAt,
        ':true': true,
        ...Object.fromEntries(
          Object.entries(keys.surveysOfCustomer(survey.customer.id, survey.createdAt, survey.id)).map(([k, v]) => [
            `:${k}`,
            v,
          ]),
        ),
      },
    });
    return done !== undefined;
  }

  async reschedule(id: string, closedAt: string, dueAt: string): Promise<boolean> {
    const due = keys.due(id, 'survey', dueAt, this.dueShards);
    const done = await this.conditionalUpdate({
      Key: keys.survey(id),
      UpdateExpression:
        'SET #status = :scheduled, dueAt = :dueAt, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk REMOVE skipReason, cancelledAt, announced',
      ConditionExpression:
        '#status = :cancelled AND skipReason = :reopened AND reopenedAt < :closedAt AND attribute_not_exists(placeholder)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':scheduled': 'scheduled',
        ':cancelled': 'cancelled',
        ':reopened': 'ticket-reopened',
        ':closedAt': closedAt,
        ':dueAt': dueAt,
        ':gsi2pk': due.gsi2pk,
        ':gsi2sk': due.gsi2sk,
      },
    });
    return done !== undefined;
  }

  async due(asOf: Date, limit: number): Promise<DueEntry[]> {
    return (await dueKeys(this.db, this.tableName, 'DUE', asOf, limit, this.dueShards)).map((key) => {
      const [dueAt = '', step = '', surveyId = ''] = key.split('#');
      return { surveyId, step: step as Step, dueAt };
    });
  }

  async markQueued(entry: DueEntry): Promise<boolean> {
    const p = pathsOf(entry.step);
    const done = await this.conditionalUpdate({
      Key: keys.survey(entry.surveyId),
      UpdateExpression: `SET ${p.status} = :queued REMOVE gsi2pk, gsi2sk`,
      ConditionExpression: `gsi2sk = :key AND ${p.status} = :scheduled`,
      ExpressionAttributeNames: p.names,
      ExpressionAttributeValues: {
        ':queued': 'queued',
        ':scheduled': 'scheduled',
        ':key': keys.due(entry.surveyId, entry.step, entry.dueAt, this.dueShards).gsi2sk,
      },
    });
    return done !== undefined;
  }
}
