import { describe, expect, it } from 'vitest';
import { drivers, driverTrend } from '#shared/domain/drivers.ts';
import type { AggregateRow } from '#shared/domain/reports.ts';

const row = (day: string, counters: Record<string, number>): AggregateRow => ({ day, storeId: 's', counters });

describe('what drives the score', () => {
  it('gives a CSAT theme its answers, share, CSAT and impact on the rest, from counters per score', () => {
    // Five answers: 1, 2, 3, 4, 5; the theme on the 1 and the 5.
    const rows = [
      row('2026-11-02', { responses: 3, score_1: 1, score_2: 1, score_5: 1, theme_x_1: 1, theme_x_5: 1 }),
      row('2026-11-10', { responses: 2, score_3: 1, score_4: 1, reason_wait_3: 1 }),
    ];
    // x: 1 of 2 satisfied (50 %) against 1 of 3 (33.3 %): (1·3 − 1·2) / 6 = +16.7
    expect(drivers('csat', 'theme', rows)).toEqual([
      { id: 'x', responses: 2, share: 40, score: 50, impact: 16.7, classes: { detractor: 1, passive: 0, promoter: 1 } },
    ]);
    // wait: on the 3 alone: 0 % against 2 of 4 (50 %)
    expect(drivers('csat', 'reason', rows)).toEqual([
      {
        id: 'wait',
        responses: 1,
        share: 20,
        score: 0,
        impact: -50,
        classes: { detractor: 0, passive: 1, promoter: 0 },
      },
    ]);
  });

  it('leaves the impact out when everyone or no one names it, and trends every week of the period', () => {
    const rows = [row('2026-11-03', { responses: 2, score_9: 1, score_0: 1, theme_all_9: 1, theme_all_0: 1 })];
    expect(drivers('nps', 'theme', rows)[0]).toMatchObject({ responses: 2, share: 100, score: 0, impact: null });
    const trend = driverTrend('nps', 'theme', rows, { from: '2026-11-01', to: '2026-11-14' }, 'week');
    expect(trend.get('all')).toEqual([
      { start: '2026-10-26', responses: 0, score: null },
      { start: '2026-11-02', responses: 2, score: 0 },
      { start: '2026-11-09', responses: 0, score: null },
    ]);
  });
});
