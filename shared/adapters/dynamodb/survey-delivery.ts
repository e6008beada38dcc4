import type { AttributeValue } from '@aws-sdk/client-dynamodb';
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
import type { LeaseRequest, Reservation, SurveyDelivery } from '../../ports/survey-repository.ts';
import {
  ConditionalCheckFailedException,
  GetCommand,
  TransactionCanceledException,
  TransactWriteCommand,
  UpdateCommand,
} from '../aws/dynamodb.ts';
import { aggregateUpdates } from './aggregates.ts';
import { DynamoDbSurveyReads, PROGRAM_AT, pathsOf, toSurvey, ttlAfter } from './survey-items.ts';
import { keys } from './table-design.ts';

/** A survey email's count on its store's day row. */
const SENT_ONE: ReadonlyMap<string, number> = new Map([['sent', 1]]);

/**
 * When a delivery may take an email's send lease: it waits (scheduled, queued), or its lease lapsed or is this
 * claimant's own (the SDK's retry of a write DynamoDB applied but whose answer was lost, or the same queue message
 * redelivered after a failure). A reminder is taken only while the survey is unanswered.
 */
function claimable(step: Step, now: Date, claimant: string) {
  const p = pathsOf(step);
  const unanswered = step === 'reminder' ? 'attribute_not_exists(answeredAt) AND ' : '';
  return {
    condition: `${unanswered}(${p.status} IN (:scheduled, :queued) OR (${p.status} = :sending AND (${p.leaseUntil} <= :now OR ${p.leaseId} = :leaseId)))`,
    values: {
      ':scheduled': 'scheduled',
      ':queued': 'queued',
      ':sending': 'sending',
      ':now': now.toISOString(),
      ':leaseId': claimant,
    },
  };
}

/**
 * The survey item's delivery: the send lease, the one decision (fatigue, daily cap), SES's acceptance, a skip, and
 * what SES later reports about the email.
 */
export class DynamoDbSurveyDelivery extends DynamoDbSurveyReads implements SurveyDelivery {
  async claim(id: string, step: Step, now: Date, leaseUntil: Date, claimant: string): Promise<Survey | undefined> {
    const p = pathsOf(step);
    const free = claimable(step, now, claimant);
    const item = await this.conditionalUpdate({
      Key: keys.survey(id),
      UpdateExpression: `SET ${p.status} = :sending, ${p.leaseUntil} = :leaseUntil, ${p.leaseId} = :leaseId REMOVE gsi2pk, gsi2sk`,
      ConditionExpression: free.condition,
      ExpressionAttributeNames: p.names,
      ExpressionAttributeValues: { ...free.values, ':leaseUntil': leaseUntil.toISOString() },
      ReturnValues: 'ALL_NEW',
    });
    return item ? toSurvey(item) : undefined;
  }

  async reserve(
    survey: Survey,
    step: Step,
    reservation: Reservation,
    asOf: Date,
    lease: LeaseRequest,
  ): Promise<SkipReason | undefined> {
    const p = pathsOf(step);
    const free = claimable(step, lease.now, lease.claimant);
    const { leaseUntil } = lease;
    const at = asOf.toISOString();
    const { fatigue } = reservation;
    const countsForProgram = step === 'survey' && fatigue.throttleMs > 0;
    const programAt = PROGRAM_AT(fatigue.program);
    const ledgerCondition = [
      '(attribute_not_exists(lastAt) OR lastAt <= :gapStart)',
      ...(countsForProgram ? ['(attribute_not_exists(#programAt) OR #programAt <= :throttleStart)'] : []),
    ].join(' AND ');
    const day = at.slice(0, 10);
    // A survey email is counted sent on its store's day row in its decision's write, on the day of the decision:
    // the email leaves a moment later, and SES's acceptance is then one plain write (`markSent`).
    const countedOn = step === 'survey' ? lease.now.toISOString().slice(0, 10) : undefined;
    const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.survey(survey.id),
          // The send lease is taken in the decision's own write: free (or lapsed, or this claimant's) and undecided.
          UpdateExpression: `SET ${p.decidedAt} = :at, ${p.status} = :sending, ${p.leaseUntil} = :leaseUntil, ${p.leaseId} = :leaseId${countedOn ? ', countedOn = :countedOn' : ''} REMOVE gsi2pk, gsi2sk`,
          ConditionExpression: `${free.condition} AND attribute_not_exists(${p.decidedAt})`,
          ExpressionAttributeNames: p.names,
          ExpressionAttributeValues: {
            ...free.values,
            ':at': at,
            ':leaseUntil': leaseUntil,
            ...(countedOn ? { ':countedOn': countedOn } : {}),
          },
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
    // Last, so that the reasons above keep their places; it has no condition of its own.
    if (countedOn) items.push(...aggregateUpdates(this.tableName, survey, [{ day: countedOn, deltas: SENT_ONE }]));
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
        throw new SurveySendInProgress(`Survey ${survey.id} (${step}) was taken or decided by another delivery.`);
      if (ledger?.Code === 'ConditionalCheckFailed') {
        const old = ledger.Item ? unmarshall(ledger.Item as Record<string, AttributeValue>) : {};
        return fatigueReason(ledgerOf(old), fatigue, asOf) ?? 'fatigue';
      }
      if (cap?.Code === 'ConditionalCheckFailed') return 'daily-cap';
      throw error;
    }
  }

  async skipUnclaimed(id: string, step: Step, reason: SkipReason, at: string, now: Date, claimant: string) {
    const p = pathsOf(step);
    const free = claimable(step, now, claimant);
    const skipped = await this.conditionalUpdate({
      Key: keys.survey(id),
      UpdateExpression: `SET ${p.status} = :skipped, ${p.skipReason} = :reason, skippedAt = :at REMOVE ${p.leaseUntil}, gsi2pk, gsi2sk`,
      ConditionExpression: `${free.condition} AND attribute_not_exists(${p.decidedAt})`,
      ExpressionAttributeNames: p.names,
      ExpressionAttributeValues: { ...free.values, ':skipped': 'skipped', ':reason': reason, ':at': at },
    });
    if (skipped === undefined)
      throw new SurveySendInProgress(`Survey ${id} (${step}) was taken or decided by another delivery.`);
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
    const due = reminder ? keys.due(survey.id, 'reminder', reminder.dueAt, this.dueShards) : undefined;
    // A survey email is listed by store and sending time, in the same write: who was asked, for the loyalty report.
    const listed = step === 'survey' ? keys.surveysSentOfStore(survey.storeId, sent.sentAt, survey.id) : undefined;
    const surveySent = {
      TableName: this.tableName,
      Key: keys.survey(survey.id),
      UpdateExpression: `SET ${p.status} = :sent, ${p.sentAt} = :sentAt, ${p.messageId} = :messageId${
        due ? ', reminder = :reminder, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk' : ''
      }${listed ? ', gsi5pk = :gsi5pk, gsi5sk = :gsi5sk' : ''} REMOVE ${p.leaseUntil}`,
      ConditionExpression: `${p.status} = :sending AND ${p.leaseUntil} = :leaseUntil`,
      ExpressionAttributeNames: p.names,
      ExpressionAttributeValues: {
        ':sent': 'sent',
        ':sending': 'sending',
        ':sentAt': sent.sentAt,
        ':messageId': sent.messageId,
        ':leaseUntil': sent.leaseUntil,
        ...(due ? { ':reminder': reminder, ':gsi2pk': due.gsi2pk, ':gsi2sk': due.gsi2sk } : {}),
        ...(listed ? { ':gsi5pk': listed.gsi5pk, ':gsi5sk': listed.gsi5sk } : {}),
      },
    };
    if (step === 'reminder') {
      await this.db.send(new UpdateCommand(surveySent));
      return;
    }
    // Counted sent by its decision (`countedOn`): one plain write.
    try {
      await this.db.send(
        new UpdateCommand({
          ...surveySent,
          ConditionExpression: `${surveySent.ConditionExpression} AND attribute_exists(countedOn)`,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const old = error.Item ? unmarshall(error.Item) : {};
      // This very write, applied, its answer lost and the SDK retrying: recorded already.
      if (old.status === 'sent' && old.messageId === sent.messageId) return;
      // The lease is no longer this sender's.
      if (old.countedOn !== undefined) throw error;
    }
    // Decided before the count moved into the decision: counted here, in the same write, as it was then (the lease
    // condition lets it count once).
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Update: surveySent },
          ...aggregateUpdates(this.tableName, survey, [{ day: sent.sentAt.slice(0, 10), deltas: SENT_ONE }]),
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

  async ledger(customerId: string): Promise<ContactLedger> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.contacts(customerId), ConsistentRead: true }),
    );
    return ledgerOf(Item ?? {});
  }

  /** An update whose condition may fail: the new item, or undefined when the condition said no. */
}

function ledgerOf(item: Record<string, unknown>): ContactLedger {
  const programs: Record<string, string> = {};
  for (const [name, value] of Object.entries(item))
    if (name.startsWith('at:') && typeof value === 'string') programs[name.slice(3)] = value;
  return { lastAt: typeof item.lastAt === 'string' ? item.lastAt : undefined, programs };
}
