import { describe, expect, it } from 'vitest';
import { digestWeek, dropPeriods, isoWeekOf, previousFourWeeks, scoreDrop } from '#shared/domain/digest.ts';
import type { AggregateRow } from '#shared/domain/reports.ts';
import { renderDigest, renderDropAlert } from '#shared/rendering/digest-email.ts';

const row = (day: string, scores: Record<number, number>): AggregateRow => ({
  day,
  storeId: 's',
  counters: {
    responses: Object.values(scores).reduce((a, b) => a + b, 0),
    ...Object.fromEntries(Object.entries(scores).map(([score, n]) => [`score_${score}`, n])),
  },
});

describe('digest weeks and score drops', () => {
  it('names ISO weeks, across a year’s end', () => {
    expect(isoWeekOf(new Date('2026-03-16T08:00:00Z'))).toMatchObject({
      label: '2026-W12',
      from: '2026-03-16',
      to: '2026-03-22',
    });
    expect(isoWeekOf(new Date('2026-03-15T23:59:59Z')).label).toBe('2026-W11');
    // 1 January 2026 is a Thursday: its week is 2026's first, from Monday 29 December 2025
    expect(isoWeekOf(new Date('2025-12-29T00:00:00Z'))).toMatchObject({ label: '2026-W01', from: '2025-12-29' });
    // 1 January 2027 is a Friday: it belongs to 2026's last week
    expect(isoWeekOf(new Date('2027-01-01T12:00:00Z')).label).toBe('2026-W53');
    expect(previousFourWeeks({ from: '2026-03-09' })).toEqual({ from: '2026-02-09', to: '2026-03-08' });
  });

  it('makes last week’s digest due from Monday at the configured hour, and not before', () => {
    expect(digestWeek(new Date('2026-03-16T06:59:59Z'), 7)).toBeUndefined();
    expect(digestWeek(new Date('2026-03-16T07:00:00Z'), 7)?.label).toBe('2026-W11');
    expect(digestWeek(new Date('2026-03-22T23:00:00Z'), 7)?.label).toBe('2026-W11');
  });

  it('sees a drop of at least the points, each period with enough answers; not otherwise', () => {
    const periods = dropPeriods(new Date('2026-03-16T06:00:00Z'));
    expect(periods).toEqual({
      recent: { from: '2026-03-09', to: '2026-03-15' },
      baseline: { from: '2026-02-09', to: '2026-03-08' },
    });
    // +50 in the baseline (2 promoters, 2 passives... of 4: 50 %), 0 recently (1 promoter, 1 detractor of 2)
    const rows = [row('2026-02-20', { 10: 2, 8: 2 }), row('2026-03-10', { 10: 1, 3: 1 }), row('2026-03-16', { 0: 9 })];
    expect(scoreDrop('nps', rows, periods, { points: 50, minResponses: 2 })).toEqual({
      recent: { from: '2026-03-09', to: '2026-03-15', responses: 2, score: 0 },
      baseline: { from: '2026-02-09', to: '2026-03-08', responses: 4, score: 50 },
      drop: 50,
    });
    expect(scoreDrop('nps', rows, periods, { points: 50.1, minResponses: 2 })).toBeUndefined();
    expect(scoreDrop('nps', rows, periods, { points: 10, minResponses: 3 })).toBeUndefined();
    // A rise is no drop
    const rise = [row('2026-02-20', { 3: 4 }), row('2026-03-11', { 10: 4 })];
    expect(scoreDrop('nps', rise, periods, { points: 1, minResponses: 1 })).toBeUndefined();
  });

  it('shows what customers and the business wrote as text: in the digest’s HTML, and in the chat', () => {
    const store = { brandName: 'Acme <b>Coffee</b> <!channel>', primaryColour: '#6f4e37' };
    const digest = renderDigest({
      store,
      locale: 'en',
      week: '2026-W11',
      programs: [],
      cases: [
        {
          score: 3,
          customer: '<img src=x onerror=alert(1)>',
          dueAt: '2026-03-12T12:00:00.000Z',
          overdue: false,
          url: 'https://f.example/c/t',
        },
      ],
      overdue: 0,
      dashboardUrl: 'https://f.example/dashboard',
    });
    expect(digest.html).not.toContain('<img src=x');
    expect(digest.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(digest.html).not.toContain('<b>Coffee</b>');
    const drop = renderDropAlert({
      store,
      locale: 'en',
      metric: 'nps',
      drop: {
        drop: 20,
        recent: { from: '2026-03-09', to: '2026-03-15', responses: 30, score: 10 },
        baseline: { from: '2026-02-09', to: '2026-03-08', responses: 90, score: 30 },
      },
      dashboardUrl: 'https://f.example/dashboard',
    });
    expect(drop.subject).toBe('Acme <b>Coffee</b> <!channel>: NPS fell 20.0 points');
    expect(drop.chatText).toBe(
      'Acme &lt;b&gt;Coffee&lt;/b&gt; &lt;!channel&gt;: NPS fell 20.0 points\n' +
        'NPS of the last 7 days (2026-03-09 – 2026-03-15): +10.0 from 30 answers, against +30.0 in the 28 days before (90 answers).\n' +
        '<https://f.example/dashboard|Open the dashboard>',
    );
  });
});
