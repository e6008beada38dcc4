import { describe, expect, it } from 'vitest';
import { ANSWERED_PATH, costLines, type PathShape, priced } from '../../bench/lifecycle-cost.ts';
import { PRICES } from '../../bench/prices.ts';

/** A path's requests as the meters count them: `count('SES')` is every email the path sent. */
const counted =
  (requests: Record<string, number>) =>
  (prefix: string): number =>
    Object.entries(requests)
      .filter(([key]) => key.startsWith(prefix))
      .reduce((sum, [, n]) => sum + n, 0);
const measured = { invocations: 0, gbSeconds: 0, readCapacityUnits: 0, writeCapacityUnits: 0, logBytes: 0 };
const bare: PathShape = { ...ANSWERED_PATH, httpRequests: 0 };

describe('the benchmark prices a path over SES', () => {
  it('reads the rest of the cost over every email sent, and over the survey email alone', () => {
    // Prepare: a path of two emails whose only other cost is 16 write units a survey
    const lines = costLines(counted({ 'SES SendEmail': 2 }), { ...measured, writeCapacityUnits: 16 }, bare);

    // Act
    const cost = priced(lines);

    // Assess: SES is $0.20 a thousand; everything else ($0.01 of DynamoDB, the store's event, its queue) is read
    // over both emails' SES, and over the survey email's alone without the second email
    const rest = cost.totalPer1000 - 2 * PRICES.sesPerEmail * 1000;
    expect(cost.sesPer1000).toBeCloseTo(0.2, 6);
    expect(cost.floorPer1000).toBeCloseTo(0.1, 6);
    expect(rest).toBeGreaterThan(0.01);
    expect(cost.overEveryEmailPercent).toBeCloseTo((rest / 0.2) * 100, 0);
    expect(cost.withoutOtherEmailsPercent).toBeCloseTo((rest / 0.1) * 100, 0);
    expect(cost.aboveFloorPercent).toBeCloseTo(((rest + 0.1) / 0.1) * 100, 0);
  });

  it('reads a path of one email the same both ways', () => {
    const cost = priced(costLines(counted({ 'SES SendEmail': 1 }), { ...measured, writeCapacityUnits: 16 }, bare));
    expect(cost.sesPer1000).toBeCloseTo(cost.floorPer1000, 6);
    expect(cost.overEveryEmailPercent).toBe(cost.withoutOtherEmailsPercent);
    expect(cost.overEveryEmailPercent).toBe(cost.aboveFloorPercent);
  });
});
