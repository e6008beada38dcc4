import { describe, expect, it } from 'vitest';
import { localClients } from '../support/runtime.ts';
import { surveyEmail } from '../support/surveys.ts';

const { urls } = localClients();

describe('surveys in the customer’s language', () => {
  it('emails a pt-BR customer in Portuguese, with the page in Portuguese too', async () => {
    // Act
    const { email, answerUrl } = await surveyEmail({
      customer: { id: 'cus-pt', email: `pt-${Date.now()}@example.com`, name: 'Ana', locale: 'pt-BR' },
    });
    const page = await (await fetch(`${answerUrl}?score=9`)).text();

    // Assess
    expect(email?.subject).toBe('Qual a probabilidade de recomendar a Acme Coffee?');
    expect(email?.body.html).toContain('<html lang="pt" dir="ltr">');
    expect(page).toContain('<html lang="pt" dir="ltr">');
    expect(page).toContain('Enviar a minha resposta');
  });

  it('shows an Arabic customer the email and the answer page right-to-left', async () => {
    // Act
    const { email, answerUrl } = await surveyEmail({
      customer: { id: 'cus-ar', email: `ar-${Date.now()}@example.com`, name: 'Layla', locale: 'ar' },
    });
    const page = await (await fetch(`${answerUrl}?score=3`)).text();

    // Assess
    expect(email?.body.html).toContain('<html lang="ar" dir="rtl">');
    expect(page).toContain('<html lang="ar" dir="rtl">');
    expect(page).toContain('ما مدى احتمال أن توصي بـ Acme Coffee لصديق أو زميل؟');
    expect(page).toContain('أرسل إجابتي');
  });

  it('falls back to the store’s default language for a language closeloop does not speak', async () => {
    // Act: store-berlin's default is German; its brand name is its own.
    const { email } = await surveyEmail({
      storeId: 'store-berlin',
      customer: { id: 'cus-ko', email: `ko-${Date.now()}@example.com`, name: 'Min', locale: 'ko-KR' },
    });

    // Assess
    expect(email?.subject).toBe('Wie wahrscheinlich empfehlen Sie Acme Coffee Berlin weiter?');
  });

  it('answers a bad link in the browser’s language', async () => {
    // Act
    const response = await fetch(`${urls.http}/s/not-a-token`, { headers: { 'accept-language': 'ja,en;q=0.5' } });
    const page = await response.text();

    // Assess
    expect(response.status).toBe(403);
    expect(page).toContain('<html lang="ja" dir="ltr">');
    expect(page).toContain('このアンケートのリンクは無効です。');
  });
});
