import { describe, expect, it } from 'vitest';
import { CapacityMeter } from '#local/capacity-meter.ts';

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const S = (value: string) => ({ S: value });
const update = (pk: string, set: string, values: Record<string, unknown>) => ({
  Update: {
    TableName: 'closeloop',
    Key: { pk: S(pk), sk: S('X') },
    UpdateExpression: set,
    ExpressionAttributeValues: values,
  },
});

/**
 * A transaction is billed by the table model on the items as they were before it: DynamoDB Local sums a
 * transaction's items as a set (two items costing 2 units each came back as 2), which the meter must not repeat.
 */
describe('the capacity meter, on a transaction', () => {
  const meter = new CapacityMeter();
  const transaction = json({
    ReturnConsumedCapacity: 'INDEXES',
    TransactItems: [
      update('SURVEY#1', 'SET #s = :s', { ':s': S('sending') }),
      update('CUSTOMER#1', 'SET lastAt = :at', { ':at': S('2026-11-30') }),
      update('SURVEY#2', 'SET gsi1pk = :k, gsi1sk = :k, big = :big', { ':k': S('K'), ':big': S('x'.repeat(1500)) }),
      {
        ConditionCheck: {
          TableName: 'closeloop',
          Key: { pk: S('SURVEY#9'), sk: S('X') },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ],
  });

  it('reads what it writes first: the keys of every write, strongly consistent, nothing for a condition check', () => {
    expect(JSON.parse(String(meter.readBefore('TransactWriteItems', transaction)))).toEqual({
      RequestItems: {
        closeloop: {
          ConsistentRead: true,
          Keys: ['SURVEY#1', 'CUSTOMER#1', 'SURVEY#2'].map((pk) => ({ pk: S(pk), sk: S('X') })),
        },
      },
    });
    expect(meter.readBefore('UpdateItem', transaction)).toBeUndefined();
  });

  it('bills each item twice its units, on the table and on each index it enters, equal items each counted', () => {
    const before = json({
      Responses: { closeloop: [{ pk: S('SURVEY#1'), sk: S('X'), status: S('queued') }] },
    });
    const withNames = JSON.parse(String(transaction));
    withNames.TransactItems[0].Update.ExpressionAttributeNames = { '#s': 'status' };
    // Two small items (2 each), one of 1.5 KB (4) that enters gsi1 as a whole copy (4).
    expect(meter.billTransaction(json(withNames), before)).toEqual({ table: 8, gsi1: 4 });
  });

  it('counts those units in place of what DynamoDB Local reported', () => {
    meter.start();
    meter.count(
      'TransactWriteItems',
      json({ ConsumedCapacity: [{ TableName: 'closeloop', CapacityUnits: 2, Table: { CapacityUnits: 2 } }] }),
      { table: 4 },
    );
    expect(meter.snapshot().requests).toEqual([{ operation: 'TransactWriteItems', units: { table: 4 } }]);
    expect(meter.snapshot().total).toEqual({ requests: 1, readUnits: 0, writeUnits: 4 });
  });
});
