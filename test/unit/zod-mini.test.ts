import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { defineContract } from '#shared/contracts/contract.ts';
import { trendQuery } from '#shared/contracts/staff-reports-api.ts';
import { SurveyAnswered } from '#shared/contracts/survey-answered.ts';
import { builtOnFirstUse, described } from '#shared/contracts/zod-mini.ts';

describe('schemas on zod/mini', () => {
  it('builds a schema on its first use only, and keeps that one', () => {
    let builds = 0;
    const query = builtOnFirstUse(() => {
      builds += 1;
      return z.object({ day: described(z.string(), 'A day') });
    });
    expect(builds).toBe(0);
    const first = query();
    expect(query()).toBe(first);
    expect(builds).toBe(1);
    expect(first.parse({ day: '2026-11-30' })).toEqual({ day: '2026-11-30' });
  });

  it('reads a report route’s query through the schema built on first use, with English messages', () => {
    expect(trendQuery()).toBe(trendQuery());
    expect(trendQuery().parse({ program: 'post-purchase' })).toMatchObject({ interval: 'day' });
    const refused = trendQuery().safeParse({ program: 'post-purchase', interval: 'month' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toMatch(/^Invalid option: expected one of "day"\|"week"/);
  });

  it('builds an event contract’s schema when the detail is first read, not where the contract is declared', () => {
    let builds = 0;
    const contract = defineContract('Thing Happened', 1, () => {
      builds += 1;
      return z.object({ thingId: z.string() });
    });
    expect(contract.detailType).toBe('Thing Happened');
    expect(builds).toBe(0);
    expect(contract.detail.parse({ thingId: 't-1' })).toEqual({ thingId: 't-1' });
    expect(contract.detail).toBe(contract.detail);
    expect(builds).toBe(1);
    // A real contract reads as it did when it was built at import: the fields shared with other events included.
    const refused = SurveyAnswered.detail.safeParse({ surveyId: '' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((issue) => issue.path.join('.'))).toEqual(
      expect.arrayContaining(['surveyId', 'storeId', 'trigger', 'answeredAt']),
    );
  });
});
