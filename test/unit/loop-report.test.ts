import { describe, expect, it } from 'vitest';
import {
  acknowledgeCounters,
  bucketCounter,
  quantileBound,
  resolveCounters,
  resurveyCounters,
} from '#shared/domain/loop-report.ts';

const opened = '2026-03-02T10:00:00.000Z';
const minutesIn = (minutes: number) => new Date(Date.parse(opened) + minutes * 60_000).toISOString();
const followUp = { openedAt: opened, dueAt: minutesIn(1440), status: 'open' as const, escalatedAt: undefined };

describe('the closed loop in counters', () => {
  it('puts a duration in the bucket of its upper bound, and past 30 days in over', () => {
    expect(bucketCounter('ack', opened, minutesIn(0))).toBe('loop_ack_le15');
    expect(bucketCounter('ack', opened, minutesIn(15))).toBe('loop_ack_le15');
    expect(bucketCounter('ack', opened, minutesIn(15.01))).toBe('loop_ack_le30');
    expect(bucketCounter('resolve', opened, minutesIn(1441))).toBe('loop_resolve_le2880');
    expect(bucketCounter('resolve', opened, minutesIn(43_200))).toBe('loop_resolve_le43200');
    expect(bucketCounter('resolve', opened, minutesIn(43_201))).toBe('loop_resolve_over');
  });

  it('reads the median and the 90th percentile as the bound of the bucket that holds them', () => {
    expect(quantileBound({}, 'ack', 0.5)).toBeNull();
    const counters = { loop_ack_le30: 5, loop_ack_le240: 4, loop_ack_over: 1 };
    expect(quantileBound(counters, 'ack', 0.5)).toBe(30); // 5 of 10 within 30 minutes
    expect(quantileBound(counters, 'ack', 0.9)).toBe(240); // 9 of 10 within 4 hours
    expect(quantileBound(counters, 'ack', 0.95)).toBeNull(); // past the last bucket
  });

  it('counts a first response in time at the deadline, late after it; a resolution of an open case as both', () => {
    expect([...acknowledgeCounters(followUp, minutesIn(1440)).store]).toEqual([
      ['loop_acknowledged', 1],
      ['loop_ackInTime', 1],
      ['loop_ack_le1440', 1],
    ]);
    const late = acknowledgeCounters({ ...followUp, escalatedAt: minutesIn(1441) }, minutesIn(1442));
    expect(late.store.has('loop_ackInTime')).toBe(false);
    expect(late.owner.get('loop_escalated')).toBe(1);
    expect(late.owner.get('loop_taken')).toBe(1);
    const direct = resolveCounters(followUp, minutesIn(60), 'price');
    expect(Object.fromEntries(direct.store)).toEqual({
      loop_resolved: 1,
      loop_resolve_le60: 1,
      loop_rootCause_price: 1,
      loop_acknowledged: 1,
      loop_ackInTime: 1,
      loop_ack_le60: 1,
    });
    const afterAck = resolveCounters({ ...followUp, status: 'acknowledged' }, minutesIn(60), undefined);
    expect(Object.fromEntries(afterAck.owner)).toEqual({ loop_resolved: 1, loop_resolve_le60: 1 });
  });

  it('takes back a replaced re-survey answer exactly: a detractor who changes 5 → 7 has recovered by +5', () => {
    const baseline = { score: 2, openedAt: opened, rootCause: 'delivery' };
    const sum = new Map<string, number>();
    for (const [name, by] of [
      ...resurveyCounters('nps', baseline, 7, 1),
      ...resurveyCounters('nps', baseline, 5, -1),
      ...resurveyCounters('nps', baseline, 5, 1),
    ])
      sum.set(name, (sum.get(name) ?? 0) + by);
    expect(Object.fromEntries(sum)).toEqual({
      loop_resurveyed: 1,
      loop_recovered: 1,
      loop_scoreGain: 5,
      loop_rcResurveyed_delivery: 1,
      loop_rcRecovered_delivery: 1,
    });
  });
});
