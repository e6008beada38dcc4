import { type FollowUpCase, MAX_CASE_NOTES } from '../../domain/follow-up.ts';
import { cohortDay } from '../../domain/loop-report.ts';
import type { LoopDecision, LoopState, LoopStep } from '../../ports/case-repository.ts';
import {
  ConditionalCheckFailedException,
  type DocumentClient,
  GetCommand,
  PutCommand,
  TransactionCanceledException,
  TransactWriteCommand,
  UpdateCommand,
} from '../aws/dynamodb.ts';
import { aggregateUpdates, caseScope } from './aggregates.ts';
import { keys, ttlUntil } from './table-design.ts';

function toLoopState(item: Record<string, unknown>): LoopState {
  const pending = (item.pending as Record<string, unknown> | undefined) ?? {};
  return {
    surveyId: String(item.surveyId),
    version: Number(item.version),
    pending: Object.keys(pending) as LoopStep[],
    thanked: item.thanked === true,
    promoterAnnounced: item.promoterAnnounced === true,
    revision: typeof item.revision === 'number' ? item.revision : 0,
    // A pending step is `true` (to do) or the epoch ms until which a delivery holds it.
    leases: Object.fromEntries(Object.entries(pending).filter(([, value]) => typeof value === 'number')) as Partial<
      Record<LoopStep, number>
    >,
  };
}

export const isConditionFailure = (error: unknown) =>
  error instanceof ConditionalCheckFailedException ||
  (error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some((reason) => reason.Code === 'ConditionalCheckFailed'));

/**
 * The loop state of each answered survey, beside the survey (`SURVEY#{id}` / `LOOP`): the answer version decided
 * on and the steps still to do, each claimed with a lease and ticked off once. A decision writes the state and the
 * case it opens (or the note it adds) in one transaction.
 */
export class DynamoDbLoopStates {
  protected readonly db: DocumentClient;
  protected readonly tableName: string;

  constructor(db: DocumentClient, tableName: string) {
    this.db = db;
    this.tableName = tableName;
  }

  async loopState(surveyId: string): Promise<LoopState | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.loop(surveyId), ConsistentRead: true }),
    );
    return Item ? toLoopState(Item) : undefined;
  }

  async decide(decision: LoopDecision): Promise<boolean> {
    const { state } = decision;
    const statePut = {
      Put: {
        TableName: this.tableName,
        Item: {
          ...keys.loop(state.surveyId),
          type: 'LoopState',
          surveyId: state.surveyId,
          version: state.version,
          // Steps held by a delivery keep their lease; the rest are to do.
          pending: Object.fromEntries(state.pending.map((step) => [step, state.leases?.[step] ?? true])),
          thanked: state.thanked,
          promoterAnnounced: state.promoterAnnounced,
          revision: (decision.previousRevision ?? 0) + 1,
        },
        // The state as it was read: same version, and nothing claimed or done since.
        ConditionExpression:
          decision.previousVersion === undefined
            ? 'attribute_not_exists(pk)'
            : 'version = :previous AND (attribute_not_exists(revision) OR revision = :revision)',
        ExpressionAttributeValues:
          decision.previousVersion === undefined
            ? undefined
            : { ':previous': decision.previousVersion, ':revision': decision.previousRevision ?? 0 },
      },
    };
    const opened = decision.open;
    const caseWrite = opened
      ? {
          Put: {
            TableName: this.tableName,
            Item: {
              ...keys.followUpCase(opened.id),
              ...keys.caseDue(opened.id, opened.dueAt),
              ...keys.casesOfStore(opened.storeId, opened.status, opened.dueAt, opened.id),
              ...keys.casesByStatus(opened.status, opened.dueAt, opened.id),
              type: 'Case',
              ...opened,
              ...ttlUntil(opened.retainUntil),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        }
      : decision.note
        ? { Update: { TableName: this.tableName, ...noteUpdate(decision.note) } }
        : undefined;
    // A case opened counts on its cohort's row, in the same write: once.
    const counted = opened ? this.cohortCounter(opened, 'loop_opened') : [];
    // Nothing about an erased customer comes back: an erasure leaves a tombstone loop state, on which the state
    // write's condition (no state yet, or the version read) fails.
    const writes = [statePut, ...(caseWrite ? [caseWrite] : []), ...counted];
    try {
      // The state alone (a promoter's or a passive's answer) is one conditional put: a transaction bills it twice.
      if (writes.length === 1) await this.db.send(new PutCommand(statePut.Put));
      else await this.db.send(new TransactWriteCommand({ TransactItems: writes }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** One closed-loop counter of a case, on its store's row of the day it opened. */
  protected cohortCounter(followUp: Pick<FollowUpCase, 'storeId' | 'program' | 'answer' | 'openedAt'>, name: string) {
    return aggregateUpdates(this.tableName, caseScope(followUp), [
      { day: cohortDay(followUp), deltas: new Map([[name, 1]]) },
    ]);
  }

  async claimStep(surveyId: string, step: LoopStep, now: Date, leaseMs: number): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.loop(surveyId),
          UpdateExpression: 'SET pending.#step = :until ADD revision :one',
          // To do, or held by a delivery whose lease ran out (it crashed); never a step done (no longer pending).
          ConditionExpression:
            'pending.#step = :todo OR (attribute_type(pending.#step, :number) AND pending.#step < :now)',
          ExpressionAttributeNames: { '#step': step },
          ExpressionAttributeValues: {
            ':until': now.getTime() + leaseMs,
            ':todo': true,
            ':number': 'N',
            ':now': now.getTime(),
            ':one': 1,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async stepDone(
    surveyId: string,
    step: LoopStep,
    outcome: { thanked: boolean; reached?: Pick<FollowUpCase, 'storeId' | 'program' | 'answer' | 'openedAt'> },
  ): Promise<void> {
    const flag = outcome.thanked ? ', thanked = :true' : step === 'promoter-event' ? ', promoterAnnounced = :true' : '';
    const done = {
      TableName: this.tableName,
      Key: keys.loop(surveyId),
      UpdateExpression: `REMOVE pending.#step SET revision = if_not_exists(revision, :zero) + :one${flag}`,
      ExpressionAttributeNames: { '#step': step },
      ExpressionAttributeValues: { ':zero': 0, ':one': 1, ...(flag ? { ':true': true } : {}) },
    };
    const reached = outcome.reached;
    if (reached === undefined) {
      await this.db.send(new UpdateCommand(done));
      return;
    }
    // The detractor reached counts with the step's end, once: a step already ended (by a delivery that took it
    // over after a lapsed lease) changes nothing.
    const counted = this.cohortCounter(reached, 'loop_reached');
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [{ Update: { ...done, ConditionExpression: 'attribute_exists(pending.#step)' } }, ...counted],
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}

/** A note written where `noteSlot` put it; the condition keeps the cap even if the case changed since it was read. */
function noteUpdate(note: NonNullable<LoopDecision['note']>) {
  const Key = keys.followUpCase(note.caseId);
  if (note.slot === 'append')
    return {
      Key,
      UpdateExpression: 'SET answer = :answer, notes = list_append(notes, :note)',
      ConditionExpression: 'attribute_exists(pk) AND size(notes) < :max',
      ExpressionAttributeValues: { ':answer': note.answer, ':note': [note.note], ':max': MAX_CASE_NOTES },
    };
  return {
    Key,
    UpdateExpression: `SET answer = :answer, notes[${note.slot}] = :note ADD omittedNotes :one`,
    ConditionExpression: 'attribute_exists(pk) AND size(notes) = :max',
    ExpressionAttributeValues: { ':answer': note.answer, ':note': note.note, ':one': 1, ':max': MAX_CASE_NOTES },
  };
}
