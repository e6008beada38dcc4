import { describe, expect, it } from 'vitest';
import { type Catalog, catalogFor } from '#shared/i18n/catalog.ts';
import { acceptedLanguages, LOCALES, resolveLocale, textDirection } from '#shared/i18n/locales.ts';
import { renderAnswerPage } from '#shared/rendering/answer-page.ts';
import { renderSurveyEmail } from '#shared/rendering/survey-email.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Every message of a catalog as `section.key` → text (the CSAT labels one entry each, reasons by id). */
function flatten(catalog: Catalog): Map<string, string> {
  const entries = new Map<string, string>();
  for (const [section, messages] of Object.entries(catalog)) {
    for (const [key, value] of Object.entries(messages as Record<string, string | string[] | Record<string, string>>)) {
      if (typeof value === 'string') entries.set(`${section}.${key}`, value);
      else for (const [i, item] of Object.entries(value)) entries.set(`${section}.${key}[${i}]`, item);
    }
  }
  return entries;
}

describe('languages', () => {
  it('speaks the ten required locales and a right-to-left one', () => {
    expect(LOCALES).toEqual(expect.arrayContaining(['en', 'es', 'fr', 'de', 'pt', 'it', 'nl', 'sv', 'pl', 'ja']));
    expect(LOCALES.filter((locale) => textDirection(locale) === 'rtl')).toEqual(['ar']);
  });

  it('gives every locale every message, with exactly the placeholders English has', () => {
    // Prepare
    const english = flatten(catalogFor('en'));

    for (const locale of LOCALES) {
      // Act
      const messages = flatten(catalogFor(locale));

      // Assess
      expect([...messages.keys()], locale).toEqual([...english.keys()]);
      for (const [key, text] of english) {
        const translated = messages.get(key) ?? '';
        expect(translated.trim(), `${locale} ${key}`).not.toBe('');
        expect(placeholders(translated), `${locale} ${key}`).toEqual(placeholders(text));
      }
    }
  });

  it('has each catalog translated, not copied from English', () => {
    const english = flatten(catalogFor('en'));
    for (const locale of LOCALES.filter((l) => l !== 'en')) {
      const messages = flatten(catalogFor(locale));
      const same = [...english].filter(([key, text]) => messages.get(key) === text).map(([key]) => key);
      // Only words that are the same in both languages may match ("Neutral" in German, say).
      expect(same.length, `${locale}: ${same.join(', ')}`).toBeLessThanOrEqual(2);
    }
  });

  it('falls back from the customer’s locale to its language, then the store’s default, then English', () => {
    expect(resolveLocale('pt-BR', 'de')).toBe('pt');
    expect(resolveLocale('de_AT')).toBe('de');
    expect(resolveLocale('AR')).toBe('ar');
    expect(resolveLocale('ko-KR', 'ja')).toBe('ja');
    expect(resolveLocale(undefined, 'sv')).toBe('sv');
    expect(resolveLocale('ko', 'zz')).toBe('en');
    expect(resolveLocale()).toBe('en');
  });

  it('reads the browser’s languages in order of preference, leaving out the unwanted', () => {
    expect(acceptedLanguages('fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5')).toEqual(['fr-CH', 'fr', 'en']);
    expect(acceptedLanguages('de;q=0, ja;q=0.4, nl')).toEqual(['nl', 'ja']);
    expect(acceptedLanguages(undefined)).toEqual([]);
  });

  it('writes the survey email in the customer’s language, date and direction', () => {
    // Prepare
    const input = {
      metric: 'nps' as const,
      brandName: 'Acme',
      customerName: 'Ana',
      primaryColour: '#123456',
      answerUrl: (score: number) => `https://feedback.example.com/s/t?score=${score}`,
      expiresAt: new Date('2026-12-23T10:00:00Z'),
    };

    // Act
    const japanese = renderSurveyEmail({ ...input, locale: 'ja' });
    const arabic = renderSurveyEmail({ ...input, locale: 'ar' });

    // Assess
    expect(japanese.subject).toBe('Acmeをおすすめしたいと思いますか？');
    expect(japanese.html).toContain('<html lang="ja" dir="ltr">');
    expect(japanese.text).toContain('2026年12月23日');
    expect(arabic.html).toContain('<html lang="ar" dir="rtl">');
    expect(arabic.html).toContain('ما مدى احتمال أن توصي بـ Acme لصديق أو زميل؟');
    // The scale's ends follow the direction: "0 = …" on the right in Arabic.
    expect(arabic.html).toMatch(/align="right">0 = /);
  });

  it('renders the answer page right-to-left in Arabic', () => {
    // Act
    const page = renderAnswerPage({
      brandName: 'Acme',
      primaryColour: '#123456',
      lang: 'ar',
      dir: 'rtl',
      messages: catalogFor('ar').page,
      action: '/s/t',
      metric: 'csat',
      asksCes: true,
      selected: 4,
      submitOnChoice: false,
      nonce: 'n',
      state: 'recorded',
    });

    // Assess
    expect(page).toContain('<html lang="ar" dir="rtl">');
    expect(page).toContain('شكرًا على إجابتك!');
    // The next step, in Arabic: the CES question's scale words
    expect(page).toContain(catalogFor('ar').page.cesLow);
    // and the CSAT scale's words on the question page
    const question = renderAnswerPage({
      brandName: 'Acme',
      primaryColour: '#123456',
      lang: 'ar',
      dir: 'rtl',
      messages: catalogFor('ar').page,
      action: '/s/t',
      metric: 'csat',
      asksCes: true,
      submitOnChoice: true,
      nonce: 'n',
      state: 'question',
    });
    expect(question).toContain('راضٍ جدًا');
  });
});

describe('catalogFor', () => {
  it('builds each language once, on first use, and hands out that one catalog after', () => {
    const german = catalogFor('de');
    expect(catalogFor('de')).toBe(german);
    expect(german.email.unsubscribe).not.toBe(catalogFor('en').email.unsubscribe);
  });
});
