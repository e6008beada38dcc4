import { describe, expect, it } from 'vitest';
import { openApiDocument, STAFF_OPERATIONS } from '#shared/contracts/staff-api.ts';
import { type AggregateRow, breakdown, ratio, summarize, trend, weekOf } from '#shared/domain/reports.ts';
import { csvCell, csvRecord } from '#shared/rendering/csv.ts';
import { periodOf } from '#shared/use-cases/reports.ts';

const row = (day: string, counters: Record<string, number>, extra: Partial<AggregateRow> = {}): AggregateRow => ({
  day,
  storeId: 'store-1',
  counters,
  ...extra,
});

describe('report arithmetic', () => {
  it('rounds half away from zero, exactly, to one decimal', () => {
    expect(ratio(1, 8, 100, 1)).toBe(12.5);
    expect(ratio(1, 16, 100, 1)).toBe(6.3); // 6.25
    expect(ratio(-1, 16, 100, 1)).toBe(-6.3);
    expect(ratio(2, 7, 100, 1)).toBe(28.6);
    expect(ratio(-2, 3, 100, 1)).toBe(-66.7);
    expect(ratio(13, 3, 1, 2)).toBe(4.33);
    expect(ratio(1, 0, 100, 1)).toBeNull();
  });

  it('computes NPS from promoters and detractors over all responses, and the response rate of the sent', () => {
    const summary = summarize('nps', [
      row('2026-11-02', { responses: 3, score_10: 1, score_9: 1, score_0: 1, sent: 4, answered: 3 }),
      row('2026-11-03', { responses: 2, score_7: 1, score_6: 1, sent: 4, answered: 1 }),
    ]);
    // promoters 2, passives 1, detractors 2 of 5: (2 − 2) / 5 = 0; answered 4 of 8 sent
    expect(summary).toEqual({
      metric: 'nps',
      responses: 5,
      promoters: 2,
      passives: 1,
      detractors: 2,
      nps: 0,
      sent: 8,
      responseRate: 50,
    });
    expect(summarize('nps', [])).toMatchObject({ responses: 0, nps: null, responseRate: null });
  });

  it('computes CSAT as the share of 4s and 5s, and CES as the mean agreement', () => {
    const summary = summarize('csat', [
      row('2026-11-02', { responses: 3, score_5: 1, score_4: 1, score_1: 1, ces_responses: 2, ces_7: 1, ces_4: 1 }),
    ]);
    expect(summary).toMatchObject({ responses: 3, satisfied: 2, csat: 66.7, ces: { responses: 2, average: 5.5 } });
  });

  it('labels weeks by their Monday and lists empty periods with a null score', () => {
    expect(weekOf('2026-11-23')).toBe('2026-11-23'); // a Monday
    expect(weekOf('2026-11-29')).toBe('2026-11-23'); // the Sunday after
    expect(weekOf('2027-01-01')).toBe('2026-12-28');
    const rows = [row('2026-11-24', { responses: 1, score_10: 1 }), row('2026-11-30', { responses: 1, score_0: 1 })];
    const weeks = trend('nps', rows, { from: '2026-11-20', to: '2026-12-01' }, 'week');
    expect(weeks.map((point) => [point.start, point.responses, 'nps' in point ? point.nps : undefined])).toEqual([
      ['2026-11-16', 0, null],
      ['2026-11-23', 1, 100],
      ['2026-11-30', 1, -100],
    ]);
    expect(trend('nps', rows, { from: '2026-11-24', to: '2026-11-26' }, 'day')).toHaveLength(3);
  });

  it('breaks down by agent across stores, most responses first, with the latest name', () => {
    const rows = [
      row('2026-11-02', { responses: 1, score_5: 1 }, { agentId: 'a', agentName: 'Al' }),
      row('2026-11-02', { responses: 2, score_1: 2 }, { agentId: 'b', storeId: 'store-2' }),
      row('2026-11-03', { responses: 2, score_4: 2 }, { agentId: 'a', agentName: 'Alex', storeId: 'store-2' }),
    ];
    expect(breakdown('csat', rows, 'agent').map((r) => [r.agentId, r.agentName, r.responses])).toEqual([
      ['a', 'Alex', 3],
      ['b', undefined, 2],
    ]);
  });

  it('defaults the period to the last 30 days and refuses a backwards or too long one', () => {
    const clock = { now: () => new Date('2026-11-23T15:00:00Z') };
    expect(periodOf(clock, {})).toEqual({ from: '2026-10-25', to: '2026-11-23' });
    expect(() => periodOf(clock, { from: '2026-11-24' })).toThrow(/after/);
    expect(() => periodOf(clock, { from: '2020-01-01' })).toThrow(/at most 1096/);
  });
});

describe('CSV cells', () => {
  it('quote what RFC 4180 says to quote and neutralize formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    for (const formula of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1'])
      expect(csvCell(formula).replace(/^"/, '').startsWith("'")).toBe(true);
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(-5)).toBe('-5'); // numbers are ours, not a customer's text
    expect(csvCell(undefined)).toBe('');
    expect(csvRecord(['a', 1, undefined])).toBe('a,1,\r\n');
  });
});

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with a bearer scheme, and documents every operation with its query and errors', () => {
    const document = openApiDocument('https://feedback.example.com');
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.securitySchemes.staffJwt).toEqual({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    const summary = document.paths['/api/reports/summary']?.get as {
      parameters: { name: string; required: boolean }[];
      responses: Record<string, unknown>;
    };
    expect(summary.parameters.map((p) => [p.name, p.required])).toEqual([
      ['program', true],
      ['storeId', false],
      ['agentId', false],
      ['from', false],
      ['to', false],
    ]);
    expect(Object.keys(summary.responses)).toEqual(['200', '400', '401', '403']);
    expect(Object.keys(STAFF_OPERATIONS)).toHaveLength(
      Object.values(document.paths).reduce((n, methods) => n + Object.keys(methods).length, 0),
    );
  });
});
