import { describe, expect, it } from 'vitest';
import { reasonsNamed } from '#shared/use-cases/handle-email-reply.ts';

const settings = {
  multiple: false,
  labels: { wait: { en: 'Waiting time', de: 'Wartezeit' } },
  detractor: ['delivery', 'wait', 'price', 'other'],
};

describe('reasons named in an email reply', () => {
  it('finds an offered reason by its label, in the survey’s language or English, ignoring case and accents', () => {
    expect(reasonsNamed('3 – die LIEFERUNG war schlecht', settings, { metric: 'nps', locale: 'de' }, 3)).toEqual([
      'delivery',
    ]);
    expect(reasonsNamed('2, the waiting time was awful', settings, { metric: 'nps', locale: 'de' }, 2)).toEqual([
      'wait',
    ]);
    expect(reasonsNamed('1. Prix trop élevé, livraison lente', settings, { metric: 'nps', locale: 'fr' }, 1)).toEqual([
      'delivery',
    ]);
  });

  it('names none for a class asked no reason, for "other", or for a word that only contains a label', () => {
    expect(reasonsNamed('10, great delivery', settings, { metric: 'nps', locale: 'en' }, 10)).toEqual([]);
    expect(reasonsNamed('3 something else', settings, { metric: 'nps', locale: 'en' }, 3)).toEqual([]);
    expect(reasonsNamed('3 undelivery', settings, { metric: 'nps', locale: 'en' }, 3)).toEqual([]);
  });

  it('keeps the first only for a single choice, every one for several', () => {
    const text = '2: delivery and price';
    expect(reasonsNamed(text, settings, { metric: 'nps', locale: 'en' }, 2)).toEqual(['delivery']);
    expect(reasonsNamed(text, { ...settings, multiple: true }, { metric: 'nps', locale: 'en' }, 2)).toEqual([
      'delivery',
      'price',
    ]);
  });
});
