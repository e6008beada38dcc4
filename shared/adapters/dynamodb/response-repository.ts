import { classify, type SurveyResponse } from '../../domain/answer.ts';
import { AnswerConflict, SurveyNotFound } from '../../domain/errors.ts';
import { resurveyCounters } from '../../domain/loop-report.ts';
import type { Survey } from '../../domain/survey.ts';
import type { ResponseRepository } from '../../ports/response-repository.ts';
import {
  type DocumentClient,
  GetCommand,
  TransactionCanceledException,
  TransactWriteCommand,
} from '../aws/dynamodb.ts';
import { aggregateUpdates, type DayChange } from './aggregates.ts';
import { keys, ttlUntil } from './table-design.ts';

const RESPONSE_FIELDS = [
  'surveyId',
  'score',
  'comment',
  'ces',
  'answeredAt',
  'updatedAt',
  'channel',
  'version',
  'pendingEvent',
  'retainUntil',
  'reasons',
  'themes',
  'sentiment',
] as const;

/**
 * The counter changes one answer (or one change of answer) makes: +1/-1 per attribute, zeros dropped. Reasons
 * and themes count per score (`reason_{id}_{score}`, `theme_{id}_{score}`), so that a report can say the NPS or
 * CSAT of the answers that give them.
 */
export function counterDeltas(next: SurveyResponse, previous: SurveyResponse | undefined): Map<string, number> {
  const deltas = new Map<string, number>();
  const add = (name: string, by: number) => deltas.set(name, (deltas.get(name) ?? 0) + by);
  const tags = (response: SurveyResponse, by: number) => {
    for (const reason of response.reasons ?? []) add(`reason_${reason}_${response.score}`, by);
    for (const theme of response.themes ?? []) add(`theme_${theme}_${response.score}`, by);
  };
  if (previous === undefined) add('responses', 1);
  if (previous !== undefined) {
    add(`score_${previous.score}`, -1);
    tags(previous, -1);
  }
  add(`score_${next.score}`, 1);
  tags(next, 1);
  if (previous?.ces !== undefined) {
    add('ces_responses', -1);
    add(`ces_${previous.ces}`, -1);
  }
  if (next.ces !== undefined) {
    add('ces_responses', 1);
    add(`ces_${next.ces}`, 1);
  }
  for (const [name, by] of deltas) if (by === 0) deltas.delete(name);
  return deltas;
}

/**
 * A re-survey's answer (and each change of it) tells the closed loop whether the case's customer recovered: on the
 * row of the day the case was opened.
 */
function resurveyChange(survey: Survey, next: SurveyResponse, previous: SurveyResponse | undefined) {
  const baseline = survey.resurveyBaseline;
  if (baseline === undefined) return undefined;
  const deltas = new Map<string, number>();
  for (const [name, by] of [
    ...resurveyCounters(survey.metric, baseline, next.score, 1),
    ...(previous ? resurveyCounters(survey.metric, baseline, previous.score, -1) : []),
  ])
    deltas.set(name, (deltas.get(name) ?? 0) + by);
  return { day: baseline.openedAt.slice(0, 10), deltas } satisfies DayChange;
}

/**
 * The survey's part of an answer's transaction. The first answer marks the survey answered and takes a waiting
 * reminder off the due index (no reminder after it); every answer sets the survey's class (the loyalty report reads
 * it). Either way the answer holds only while the survey is not erased: an erasure racing it wins.
 */
function surveyWriteOf(tableName: string, survey: Survey, next: SurveyResponse, previous: SurveyResponse | undefined) {
  const notErased = 'attribute_exists(pk) AND attribute_not_exists(erasedAt)';
  const answerClass = classify(survey.metric, next.score);
  return previous === undefined
    ? {
        Update: {
          TableName: tableName,
          Key: keys.survey(survey.id),
          UpdateExpression:
            'SET answeredAt = if_not_exists(answeredAt, :answeredAt), answerClass = :class REMOVE gsi2pk, gsi2sk',
          ConditionExpression: notErased,
          ExpressionAttributeValues: { ':answeredAt': next.answeredAt, ':class': answerClass },
        },
      }
    : {
        Update: {
          TableName: tableName,
          Key: keys.survey(survey.id),
          UpdateExpression: 'SET answerClass = :class',
          ConditionExpression: notErased,
          ExpressionAttributeValues: { ':class': answerClass },
        },
      };
}

export class DynamoDbResponseRepository implements ResponseRepository {
  private readonly db: DocumentClient;
  private readonly tableName: string;

  constructor(db: DocumentClient, tableName: string) {
    this.db = db;
    this.tableName = tableName;
  }

  async get(surveyId: string) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.response(surveyId), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    return Object.fromEntries(RESPONSE_FIELDS.filter((f) => f in Item).map((f) => [f, Item[f]])) as SurveyResponse & {
      pendingEvent?: Record<string, unknown>;
    };
  }

  async save(
    survey: Survey,
    next: SurveyResponse,
    previous: SurveyResponse | undefined,
    pendingEvent: Record<string, unknown>,
  ) {
    const responsePut = {
      Put: {
        TableName: this.tableName,
        Item: {
          ...keys.response(survey.id),
          ...keys.responsesOfStore(survey.storeId, next.answeredAt, survey.id),
          ...keys.responsesOfMonth(next.answeredAt, survey.id),
          type: 'Response',
          storeId: survey.storeId,
          program: survey.program,
          metric: survey.metric,
          class: classify(survey.metric, next.score),
          customerId: survey.customer.id,
          ...(survey.customer.name ? { customerName: survey.customer.name } : {}),
          trigger: survey.trigger,
          ...(survey.agent ? { agentId: survey.agent.id, agentName: survey.agent.name } : {}),
          // Text search matches regardless of case.
          ...(next.comment ? { commentSearch: next.comment.toLocaleLowerCase('en') } : {}),
          ...next,
          ...ttlUntil(next.retainUntil),
          pendingEvent,
        },
        ConditionExpression: previous === undefined ? 'attribute_not_exists(pk)' : 'version = :previous',
        ExpressionAttributeValues: previous === undefined ? undefined : { ':previous': previous.version },
      },
    };
    const changes: DayChange[] = [{ day: next.answeredAt.slice(0, 10), deltas: counterDeltas(next, previous) }];
    // The response rate counts answers on the day their survey was counted sent (its cohort), once. A survey from
    // before that day was recorded was counted on its sending's day; a customer can click before the sender has
    // recorded SES's acceptance: then the email left moments ago, today.
    if (previous === undefined) {
      const cohort = survey.countedOn ?? (survey.sentAt ?? next.answeredAt).slice(0, 10);
      changes.push({ day: cohort, deltas: new Map([['answered', 1]]) });
    }
    const recovery = resurveyChange(survey, next, previous);
    if (recovery !== undefined) changes.push(recovery);
    const counterUpdates = aggregateUpdates(this.tableName, survey, changes);
    const surveyWrite = surveyWriteOf(this.tableName, survey, next, previous);
    const items = [responsePut, ...counterUpdates, surveyWrite];
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: items,
          // The same request retried by the SDK within ten minutes is applied once.
          ClientRequestToken: `${survey.id}-${next.version}`.slice(0, 36),
        }),
      );
    } catch (error) {
      const reasons = error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []) : [];
      if (reasons[items.length - 1]?.Code === 'ConditionalCheckFailed')
        throw new SurveyNotFound(`Survey ${survey.id} was erased.`);
      const conflict =
        reasons[0]?.Code === 'ConditionalCheckFailed' ||
        // Another transaction (a racing answer, an erasure) held one of the items: try again on what is there now.
        reasons.some((reason) => reason.Code === 'TransactionConflict') ||
        // Two different changes racing for the same version carry the same request token.
        (error as Error).name === 'IdempotentParameterMismatchException';
      if (conflict) {
        throw new AnswerConflict(`The answer to survey ${survey.id} changed while it was being recorded.`);
      }
      throw error;
    }
  }
}
