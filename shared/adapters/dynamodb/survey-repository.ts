import {
  type AttributeValue,
  ConditionalCheckFailedException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { SurveySendInProgress } from '../../domain/errors.ts';
import { type ContactLedger, fatigueReason } from '../../domain/fatigue.ts';
import {
  type Delivery,
  FEEDBACK_OUTCOMES,
  type FeedbackOutcome,
  type SkipReason,
  type Step,
  type Survey,
} from '../../domain/survey.ts';
import type { Cancellation, DueEntry, Reservation, SurveyRepository } from '../../ports/survey-repository.ts';
import { aggregateUpdates } from './aggregates.ts';
import { dueKeys } from './due-index.ts';
import { keys, ttlUntil } from './table-design.ts';

const SURVEY_FIELDS = [
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
  'decidedAt',
  'sentAt',
  'messageId',
  'skipReason',
  'announced',
  'reopenedAt',
  'answeredAt',
  'reminder',
  'resurveyOf',
  'feedback',
  'retainUntil',
] as const satisfies readonly (keyof Survey)[];

function toSurvey(item: Record<string, unknown>): Survey {
  return Object.fromEntries(
    SURVEY_FIELDS.filter((field) => field in item).map((field) => [field, item[field]]),
  ) as unknown as Survey;
}

const PROGRAM_AT = (program: string) => `at:${program}`;
const DAY_S = 86_400;
/** Cap counters and send-rate slots are only needed while their day (or second) is current. */
const ttlAfter = (at: Date, days: number) => Math.floor(at.getTime() / 1000) + days * DAY_S;

/**
 * The attribute paths of one email's state: the survey email's at the top of the item, the reminder's in its
 * `reminder` map. Every conditional write names them through these, so the two state machines share the code.
 */
function pathsOf(step: Step) {
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
            ...(survey.status === 'scheduled' ? keys.due(survey.id, 'survey', survey.dueAt) : {}),
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

  async get(id: string): Promise<Survey | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.survey(id), ConsistentRead: true }),
    );
    // An erased survey's tombstone holds no customer: to everything that reads surveys it is gone.
    return Item && Item.status !== 'erased' ? toSurvey(Item) : undefined;
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
        'SET metric = :metric, asksCes = :asksCes, customer = :customer, locale = :locale, createdAt = :createdAt, expiresAt = :expiresAt, dueAt = :dueAt, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk REMOVE placeholder',
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
    const due = keys.due(id, 'survey', dueAt);
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
    return (await dueKeys(this.db, this.tableName, 'DUE', asOf, limit)).map((key) => {
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
        ':key': keys.due(entry.surveyId, entry.step, entry.dueAt).gsi2sk,
      },
    });
    return done !== undefined;
  }

  async claim(id: string, step: Step, now: Date, leaseUntil: Date, claimant: string): Promise<Survey | undefined> {
    const p = pathsOf(step);
    const unanswered = step === 'reminder' ? 'attribute_not_exists(answeredAt) AND ' : '';
    // The claimant's own lease comes back to it at once: the SDK's retry of a claim DynamoDB applied but whose
    // answer was lost, or the same queue message redelivered after a failure, instead of waiting for it to lapse.
    const leaseId = claimant;
    const item = await this.conditionalUpdate({
      Key: keys.survey(id),
      UpdateExpression: `SET ${p.status} = :sending, ${p.leaseUntil} = :leaseUntil, ${p.leaseId} = :leaseId REMOVE gsi2pk, gsi2sk`,
      ConditionExpression: `${unanswered}(${p.status} IN (:scheduled, :queued) OR (${p.status} = :sending AND (${p.leaseUntil} <= :now OR ${p.leaseId} = :leaseId)))`,
      ExpressionAttributeNames: p.names,
      ExpressionAttributeValues: {
        ':sending': 'sending',
        ':scheduled': 'scheduled',
        ':queued': 'queued',
        ':now': now.toISOString(),
        ':leaseUntil': leaseUntil.toISOString(),
        ':leaseId': leaseId,
      },
      ReturnValues: 'ALL_NEW',
    });
    return item ? toSurvey(item) : undefined;
  }

  async reserve(
    survey: Survey,
    step: Step,
    reservation: Reservation,
    asOf: Date,
    leaseUntil: string,
  ): Promise<SkipReason | undefined> {
    const p = pathsOf(step);
    const at = asOf.toISOString();
    const { fatigue } = reservation;
    const countsForProgram = step === 'survey' && fatigue.throttleMs > 0;
    const programAt = PROGRAM_AT(fatigue.program);
    const ledgerCondition = [
      '(attribute_not_exists(lastAt) OR lastAt <= :gapStart)',
      ...(countsForProgram ? ['(attribute_not_exists(#programAt) OR #programAt <= :throttleStart)'] : []),
    ].join(' AND ');
    const day = at.slice(0, 10);
    const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.survey(survey.id),
          UpdateExpression: `SET ${p.decidedAt} = :at`,
          ConditionExpression: `${p.status} = :sending AND ${p.leaseUntil} = :leaseUntil AND attribute_not_exists(${p.decidedAt})`,
          ExpressionAttributeNames: p.names,
          ExpressionAttributeValues: { ':at': at, ':sending': 'sending', ':leaseUntil': leaseUntil },
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: keys.contacts(reservation.customerId),
          UpdateExpression: `SET lastAt = :at, lastSurveyId = :id${step === 'survey' ? ', #programAt = :at' : ''}`,
          ConditionExpression: ledgerCondition,
          ExpressionAttributeNames: step === 'survey' ? { '#programAt': programAt } : undefined,
          ExpressionAttributeValues: {
            ':at': at,
            ':id': survey.id,
            ':gapStart': new Date(asOf.getTime() - fatigue.minimumGapMs).toISOString(),
            ...(countsForProgram
              ? { ':throttleStart': new Date(asOf.getTime() - fatigue.throttleMs).toISOString() }
              : {}),
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
    ];
    if (step === 'survey' && reservation.dailyCap !== null) {
      items.push({
        Update: {
          TableName: this.tableName,
          Key: keys.dailyCap(survey.program, survey.storeId, day),
          UpdateExpression: 'ADD #count :one SET #ttl = if_not_exists(#ttl, :ttl)',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :cap',
          ExpressionAttributeNames: { '#count': 'count', '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':one': 1, ':cap': reservation.dailyCap, ':ttl': ttlAfter(asOf, 8) },
        },
      });
    }
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: items,
          ClientRequestToken: `${survey.id}-${step}-${leaseUntil}`.replace(/[^A-Za-z0-9-]/g, '').slice(0, 36),
        }),
      );
      return undefined;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [own, ledger, cap] = error.CancellationReasons ?? [];
      if (own?.Code === 'ConditionalCheckFailed')
        throw new SurveySendInProgress(`Survey ${survey.id} (${step}) lost its send lease while deciding.`);
      if (ledger?.Code === 'ConditionalCheckFailed') {
        const old = ledger.Item ? unmarshall(ledger.Item as Record<string, AttributeValue>) : {};
        return fatigueReason(ledgerOf(old), fatigue, asOf) ?? 'fatigue';
      }
      if (cap?.Code === 'ConditionalCheckFailed') return 'daily-cap';
      throw error;
    }
  }

  async skip(id: string, step: Step, reason: SkipReason, at: string, leaseUntil: string): Promise<void> {
    const p = pathsOf(step);
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.survey(id),
        UpdateExpression: `SET ${p.status} = :skipped, ${p.skipReason} = :reason, skippedAt = :at REMOVE ${p.leaseUntil}`,
        ConditionExpression: `${p.status} = :sending AND ${p.leaseUntil} = :leaseUntil`,
        ExpressionAttributeNames: p.names,
        ExpressionAttributeValues: {
          ':skipped': 'skipped',
          ':reason': reason,
          ':at': at,
          ':sending': 'sending',
          ':leaseUntil': leaseUntil,
        },
      }),
    );
  }

  async releaseLease(id: string, step: Step, leaseUntil: string): Promise<void> {
    const p = pathsOf(step);
    await this.conditionalUpdate({
      Key: keys.survey(id),
      UpdateExpression: `SET ${p.leaseUntil} = :lapsed`,
      ConditionExpression: `${p.status} = :sending AND ${p.leaseUntil} = :leaseUntil`,
      ExpressionAttributeNames: p.names,
      ExpressionAttributeValues: {
        ':sending': 'sending',
        ':leaseUntil': leaseUntil,
        ':lapsed': new Date(0).toISOString(),
      },
    });
  }

  async markSent(
    survey: Survey,
    step: Step,
    sent: { messageId: string; sentAt: string; leaseUntil: string; reminderDueAt?: string | undefined },
  ): Promise<void> {
    const p = pathsOf(step);
    const reminder: Delivery | undefined =
      step === 'survey' && sent.reminderDueAt !== undefined
        ? { status: 'scheduled', dueAt: sent.reminderDueAt }
        : undefined;
    const due = reminder ? keys.due(survey.id, 'reminder', reminder.dueAt) : undefined;
    const surveySent = {
      TableName: this.tableName,
      Key: keys.survey(survey.id),
      UpdateExpression: `SET ${p.status} = :sent, ${p.sentAt} = :sentAt, ${p.messageId} = :messageId${
        due ? ', reminder = :reminder, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk' : ''
      } REMOVE ${p.leaseUntil}`,
      ConditionExpression: `${p.status} = :sending AND ${p.leaseUntil} = :leaseUntil`,
      ExpressionAttributeNames: p.names,
      ExpressionAttributeValues: {
        ':sent': 'sent',
        ':sending': 'sending',
        ':sentAt': sent.sentAt,
        ':messageId': sent.messageId,
        ':leaseUntil': sent.leaseUntil,
        ...(due ? { ':reminder': reminder, ':gsi2pk': due.gsi2pk, ':gsi2sk': due.gsi2sk } : {}),
      },
    };
    if (step === 'reminder') {
      await this.db.send(new UpdateCommand(surveySent));
      return;
    }
    // The survey email counts as sent in the aggregates in the same write: the lease condition lets it count once.
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Update: surveySent },
          ...aggregateUpdates(this.tableName, survey, [
            { day: sent.sentAt.slice(0, 10), deltas: new Map([['sent', 1]]) },
          ]),
        ],
      }),
    );
  }

  async recordFeedback(
    id: string,
    messageId: string,
    feedback: { outcome: FeedbackOutcome; at: string },
  ): Promise<Step | undefined> {
    // Only as serious or more: a delivery report arriving after the complaint leaves the complaint.
    const lesser = FEEDBACK_OUTCOMES.slice(0, FEEDBACK_OUTCOMES.indexOf(feedback.outcome) + 1);
    for (const step of ['survey', 'reminder'] as const) {
      const p = pathsOf(step);
      const updated = await this.conditionalUpdate({
        Key: keys.survey(id),
        UpdateExpression: `SET ${p.feedback} = :feedback`,
        ConditionExpression: `${p.messageId} = :messageId AND (attribute_not_exists(${p.feedback}) OR ${p.feedback}.outcome IN (${lesser.map((_, i) => `:o${i}`).join(', ')}))`,
        ExpressionAttributeValues: {
          ':feedback': feedback,
          ':messageId': messageId,
          ...Object.fromEntries(lesser.map((outcome, i) => [`:o${i}`, outcome])),
        },
      });
      if (updated !== undefined) return step;
    }
    return undefined;
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

  async ledger(customerId: string): Promise<ContactLedger> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.contacts(customerId), ConsistentRead: true }),
    );
    return ledgerOf(Item ?? {});
  }

  /** An update whose condition may fail: the new item, or undefined when the condition said no. */
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

  private async conditionalUpdate(
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

function ledgerOf(item: Record<string, unknown>): ContactLedger {
  const programs: Record<string, string> = {};
  for (const [name, value] of Object.entries(item))
    if (name.startsWith('at:') && typeof value === 'string') programs[name.slice(3)] = value;
  return { lastAt: typeof item.lastAt === 'string' ? item.lastAt : undefined, programs };
}
