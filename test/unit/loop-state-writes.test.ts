import { describe, expect, it } from 'vitest';
import { ConditionalCheckFailedException, type DocumentClient } from '#shared/adapters/aws/dynamodb.ts';
import { DynamoDbLoopStates } from '#shared/adapters/dynamodb/loop-states.ts';
import type { LoopDecision } from '#shared/ports/case-repository.ts';

/** The commands the adapter sends, by name, to a client that answers each with `answer`. */
function recording(answer: () => unknown = () => ({})) {
  const sent: { name: string; input: Record<string, unknown> }[] = [];
  const db = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      sent.push({ name: command.constructor.name, input: command.input });
      return answer();
    },
  } as unknown as DocumentClient;
  return { sent, loops: new DynamoDbLoopStates(db, 'closeloop') };
}

const decision = (previousVersion: number | undefined): LoopDecision => ({
  state: { surveyId: 's1', version: 2, pending: ['thank-you'], thanked: false, promoterAnnounced: false },
  previousVersion,
});

describe('the loop decision write', () => {
  it('is one conditional put when the state is all it writes (a promoter or a passive): a transaction bills it twice', async () => {
    const { sent, loops } = recording();
    expect(await loops.decide(decision(undefined))).toBe(true);
    expect(await loops.decide(decision(1))).toBe(true);
    expect(sent.map((c) => c.name)).toEqual(['PutCommand', 'PutCommand']);
    expect(sent[0]?.input.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(sent[1]?.input.ConditionExpression).toContain('version = :previous');
  });

  it('fails as the transaction did when another delivery moved the state', async () => {
    const { loops } = recording(() => {
      throw new ConditionalCheckFailedException('The conditional request failed', { httpStatusCode: 400, attempts: 1 });
    });
    expect(await loops.decide(decision(1))).toBe(false);
  });

  it('stays one transaction when a case opens with it (the case and its count, once)', async () => {
    const { sent, loops } = recording();
    const open = {
      id: 's1',
      surveyId: 's1',
      storeId: 'store-1',
      program: 'purchase-nps',
      status: 'open',
      openedAt: '2026-11-30T10:00:00.000Z',
      dueAt: '2026-12-01T10:00:00.000Z',
      customer: { id: 'c1', email: 'c1@example.com' },
      answer: { score: 2, class: 'detractor' },
      notes: [],
    };
    await loops.decide({ ...decision(undefined), open: open as unknown as LoopDecision['open'] });
    expect(sent.map((c) => c.name)).toEqual(['TransactWriteCommand']);
    expect(sent[0]?.input.TransactItems).toHaveLength(3);
  });
});
