import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { PurchaseCompleted } from '#shared/contracts/purchase-completed.ts';
import { TicketClosed } from '#shared/contracts/ticket-closed.ts';
import { SurveySendInProgress, UnknownStore } from '#shared/domain/errors.ts';
import { on, sqsEventConsumer } from '#shared/platform/sqs-event-consumer.ts';
import { RecordingDeadLetters } from '../support/fakes.ts';

const detail = {
  orderId: 'ord-1',
  storeId: 's-1',
  customer: { id: 'c-1', email: 'a@example.com' },
  total: 1,
  currency: 'EUR',
  occurredAt: '2026-11-23T09:00:00Z',
};
const envelope = (d: unknown, detailType = 'Purchase Completed') =>
  JSON.stringify({
    version: '0',
    id: 'e-1',
    'detail-type': detailType,
    source: 'shop',
    account: '1',
    time: 't',
    region: 'r',
    resources: [],
    detail: d,
  });
const record = (body: string, messageId: string, receiveCount = 1) =>
  ({ messageId, body, attributes: { ApproximateReceiveCount: String(receiveCount) } }) as unknown as SQSRecord;
const context = { getRemainingTimeInMillis: () => 30_000 } as Context;

function consumer(handle: (detail: unknown) => Promise<void>) {
  const deadLetters = new RecordingDeadLetters();
  const handler = sqsEventConsumer({ routes: [on(PurchaseCompleted, handle)], deadLetters, maxReceiveCount: 3 });
  return { deadLetters, run: (...records: SQSRecord[]) => handler({ Records: records } as SQSEvent, context) };
}

describe('the SQS event consumer', () => {
  it('hands valid details to the use case and reports no failure', async () => {
    const seen: unknown[] = [];
    const { run, deadLetters } = consumer(async (d) => void seen.push(d));
    const response = await run(record(envelope(detail), 'm1'));
    expect(response.batchItemFailures).toEqual([]);
    expect(seen).toHaveLength(1);
    expect(deadLetters.letters).toEqual([]);
  });

  it('dead-letters a broken event at once, with a reason naming the fields, and never calls the use case', async () => {
    let calls = 0;
    const { run, deadLetters } = consumer(async () => void calls++);
    const broken = envelope({ ...detail, customer: { id: 'c-1', email: 'nope' }, total: 'ten' });
    const response = await run(
      record(broken, 'm1'),
      record('not json', 'm2'),
      record(envelope(detail, 'Ticket Closed'), 'm3'),
    );
    expect(response.batchItemFailures).toEqual([]);
    expect(calls).toBe(0);
    expect(deadLetters.letters.map((l) => l.reason)).toEqual([
      expect.stringMatching(/detail\.customer\.email.*detail\.total|detail\.total.*detail\.customer\.email/),
      'Message body is not JSON',
      'Expected detail-type "Purchase Completed", got "Ticket Closed"',
    ]);
    expect(deadLetters.letters[0]?.body).toBe(broken);
  });

  it('dead-letters a permanent domain error at once', async () => {
    const { run, deadLetters } = consumer(async () => {
      throw new UnknownStore('Store s-1 is not configured');
    });
    expect((await run(record(envelope(detail), 'm1'))).batchItemFailures).toEqual([]);
    expect(deadLetters.letters[0]).toMatchObject({ reason: 'Store s-1 is not configured', errorName: 'UnknownStore' });
  });

  it('leaves a transient failure to the queue, and dead-letters it with its reason on the last delivery', async () => {
    const { run, deadLetters } = consumer(async () => {
      throw new SurveySendInProgress('held by another delivery');
    });
    expect((await run(record(envelope(detail), 'm1', 1))).batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect((await run(record(envelope(detail), 'm1', 2))).batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(deadLetters.letters).toEqual([]);
    expect((await run(record(envelope(detail), 'm1', 3))).batchItemFailures).toEqual([]);
    expect(deadLetters.letters[0]).toMatchObject({ reason: 'held by another delivery', receiveCount: 3 });
  });

  it('hands each detail-type to its own route, and names it on a dead letter', async () => {
    // Prepare
    const seen: string[] = [];
    const deadLetters = new RecordingDeadLetters();
    const handler = sqsEventConsumer({
      routes: [
        on(PurchaseCompleted, async (purchase) => void seen.push(`order ${purchase.orderId}`)),
        on(TicketClosed, async (ticket) => void seen.push(`ticket ${ticket.ticketId} by ${ticket.agent.id}`)),
      ],
      deadLetters,
      maxReceiveCount: 3,
    });
    const ticket = {
      ticketId: 't-1',
      storeId: 's-1',
      customer: { id: 'c-1', email: 'a@example.com' },
      agent: { id: 'agent-7' },
      channel: 'chat',
      openedAt: '2026-11-23T08:00:00Z',
      closedAt: '2026-11-23T09:00:00Z',
    };

    // Act
    const response = await handler(
      {
        Records: [
          record(envelope(detail), 'm1'),
          record(envelope(ticket, 'Ticket Closed'), 'm2'),
          record(envelope({ ...ticket, agent: {} }, 'Ticket Closed'), 'm3'),
        ],
      } as SQSEvent,
      context,
    );

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(seen.sort()).toEqual(['order ord-1', 'ticket t-1 by agent-7']);
    expect(deadLetters.letters).toHaveLength(1);
    expect(deadLetters.letters[0]).toMatchObject({ source: 'Ticket Closed' });
    expect(deadLetters.letters[0]?.reason).toMatch(/^Invalid Ticket Closed detail.*detail\.agent\.id/);
  });

  it('fails only the failing record of a batch', async () => {
    const { run } = consumer(async (d) => {
      if ((d as { orderId: string }).orderId === 'bad') throw new Error('DynamoDB throttled');
    });
    const response = await run(record(envelope(detail), 'm1'), record(envelope({ ...detail, orderId: 'bad' }), 'm2'));
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm2' }]);
  });
});
