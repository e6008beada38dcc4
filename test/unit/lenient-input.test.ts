import { describe, expect, it } from 'vitest';
import { readLocale } from '#shared/contracts/contract.ts';
import { PurchaseCompleted } from '#shared/contracts/purchase-completed.ts';

const purchase = (locale: unknown) => ({
  orderId: 'ord-1',
  storeId: 'store-berlin',
  customer: { id: 'cus-1', email: 'ana@example.com', name: 'Ana', locale },
  total: 42.5,
  currency: 'EUR',
  occurredAt: '2026-11-29T10:00:00.000Z',
});

describe('an optional locale, as stores send it', () => {
  it('reads the spellings real systems use, in canonical form', () => {
    expect(readLocale('pt_BR')).toBe('pt-BR');
    expect(readLocale('EN-gb')).toBe('en-GB');
    expect(readLocale('de_DE.UTF-8')).toBe('de-DE');
    expect(readLocale('fr_FR@euro')).toBe('fr-FR');
    expect(readLocale(' sr-latn-rs ')).toBe('sr-Latn-RS');
    expect(readLocale('ja')).toBe('ja');
  });

  it('reads anything else as no locale', () => {
    for (const junk of ['', 'x', 'english please', '12', 'de-DE-'.repeat(10), 42, null, {}])
      expect(readLocale(junk), String(junk)).toBeUndefined();
  });

  it('keeps the purchase, and its survey, when the locale cannot be read', () => {
    expect(PurchaseCompleted.detail.parse(purchase('de_DE.UTF-8')).customer.locale).toBe('de-DE');
    const unreadable = PurchaseCompleted.detail.safeParse(purchase('¯\\_(ツ)_/¯'));
    expect(unreadable.success).toBe(true);
    expect(unreadable.data?.customer.locale).toBeUndefined();
    expect(PurchaseCompleted.detail.safeParse(purchase(7)).success).toBe(true);
  });
});
