import { describe, expect, it } from 'vitest';
import { isClaimable, type Survey } from '#shared/domain/survey.ts';

const now = new Date('2026-11-23T10:00:00.000Z');
const survey = (overrides: Partial<Survey>): Survey => ({
  id: 's1',
  program: 'purchase-nps',
  metric: 'nps',
  storeId: 'store-1',
  customer: { id: 'c1', email: 'c1@example.com' },
  trigger: { type: 'order', id: 'o1' },
  locale: 'en',
  createdAt: '2026-11-23T09:00:00.000Z',
  expiresAt: '2026-12-23T09:00:00.000Z',
  status: 'queued',
  dueAt: '2026-11-23T09:00:00.000Z',
  ...overrides,
});

describe('who may take an email to send it', () => {
  it('anyone while it waits; nobody once it is final', () => {
    expect(isClaimable(survey({ status: 'scheduled' }), 'survey', now, 'm1')).toBe(true);
    expect(isClaimable(survey({ status: 'queued' }), 'survey', now, 'm1')).toBe(true);
    for (const status of ['sent', 'skipped', 'cancelled'] as const)
      expect(isClaimable(survey({ status }), 'survey', now, 'm1'), status).toBe(false);
  });

  it('the lease holder again at once; another delivery only once the lease lapsed', () => {
    const held = survey({ status: 'sending', leaseUntil: '2026-11-23T10:02:00.000Z', leaseId: 'm1' });
    expect(isClaimable(held, 'survey', now, 'm1')).toBe(true);
    expect(isClaimable(held, 'survey', now, 'm2')).toBe(false);
    expect(isClaimable(held, 'survey', new Date('2026-11-23T10:02:00.000Z'), 'm2')).toBe(true);
  });

  it('a reminder only while it waits and the survey is unanswered', () => {
    const reminder = { status: 'scheduled' as const, dueAt: '2026-11-26T09:00:00.000Z' };
    expect(isClaimable(survey({ status: 'sent', reminder }), 'reminder', now, 'm1')).toBe(true);
    expect(
      isClaimable(survey({ status: 'sent', reminder, answeredAt: now.toISOString() }), 'reminder', now, 'm1'),
    ).toBe(false);
    expect(isClaimable(survey({ status: 'sent' }), 'reminder', now, 'm1')).toBe(false);
  });
});
