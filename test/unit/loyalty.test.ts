import { describe, expect, it } from 'vitest';
import { latestPerCustomer, loyaltyFigures } from '#shared/domain/loyalty.ts';

const survey = (customerId: string, sentAt: string, answerClass?: 'promoter' | 'passive' | 'detractor') => ({
  surveyId: `${customerId}-${sentAt}`,
  storeId: 's',
  customerId,
  sentAt,
  ...(answerClass ? { answerClass } : {}),
});
const purchase = (occurredAt: string, total: number, storeId = 's') => ({
  orderId: occurredAt,
  storeId,
  occurredAt,
  total,
  currency: 'EUR',
});

describe('loyalty by class', () => {
  it('counts each customer once, by their latest survey', () => {
    const latest = latestPerCustomer([
      survey('a', '2026-03-01T00:00:00.000Z', 'detractor'),
      survey('a', '2026-03-05T00:00:00.000Z', 'promoter'),
      survey('b', '2026-03-02T00:00:00.000Z'),
    ]);
    expect(latest.map((s) => `${s.customerId}:${s.answerClass ?? '-'}`).sort()).toEqual(['a:promoter', 'b:-']);
  });

  it('counts a purchase after the email up to the window’s last moment, at the stores counted, in cents', () => {
    const sentAt = '2026-03-01T00:00:00.000Z';
    const purchases = new Map([
      [
        'a',
        [
          purchase(sentAt, 1), // at the email itself: not after it
          purchase('2026-03-31T00:00:00.000Z', 0.1), // the window's last moment (30 days)
          purchase('2026-03-31T00:00:00.001Z', 5), // just after it
          purchase('2026-03-10T00:00:00.000Z', 0.2),
          purchase('2026-03-11T00:00:00.000Z', 7, 'other'), // another store
        ],
      ],
    ]);
    const figures = loyaltyFigures(
      [{ survey: survey('a', sentAt, 'promoter'), resolved: false }],
      purchases,
      30,
      (p) => p.storeId === 's',
    );
    expect(figures.find((f) => f.class === 'promoters')).toEqual({
      class: 'promoters',
      customers: 1,
      repeatRate: 100,
      ordersPerCustomer: 2,
      revenuePerCustomer: [{ currency: 'EUR', amount: 0.3 }],
    });
    expect(figures.find((f) => f.class === 'nonResponders')).toMatchObject({ customers: 0, repeatRate: null });
  });
});
