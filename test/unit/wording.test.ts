import { describe, expect, it } from 'vitest';
import { parseConfig } from '#shared/config/load.ts';
import type { Survey } from '#shared/domain/survey.ts';
import { signSurveyToken } from '#shared/domain/survey-token.ts';
import { showAnswerPage } from '#shared/use-cases/answer-views.ts';
import { surveyEmail } from '#shared/use-cases/survey-email.ts';
import { FixedKeys, ManualClock } from '../support/fakes.ts';

const store = { brandName: 'Acme', sender: { email: 'feedback@acme.example' } };
const program = (wording: unknown, reasons?: unknown) => ({
  stores: { '*': store },
  programs: {
    'purchase-nps': { trigger: 'Purchase Completed', survey: 'nps', wording, ...(reasons ? { reasons } : {}) },
    'ticket-csat': { trigger: 'Ticket Closed', survey: 'csat+ces' },
  },
});

const survey = (locale: string): Survey => ({
  id: 'srv1',
  program: 'purchase-nps',
  metric: 'nps',
  storeId: 's1',
  customer: { id: 'c1', email: 'a@example.com', name: 'Ana' },
  trigger: { type: 'order', id: 'o1' },
  locale,
  status: 'sent',
  dueAt: '2026-11-18T10:00:00Z',
  createdAt: '2026-11-23T09:00:00Z',
  expiresAt: '2026-12-23T09:00:00.000Z',
});

describe("a program's own words", () => {
  it('stops start-up and synth at a placeholder it does not know, naming the field', () => {
    expect(() => parseConfig(program({ de: { question: 'Würden Sie {brnad} empfehlen?' } }), 'closeloop.json')).toThrow(
      /programs\.purchase-nps\.wording\.de\.question: unknown placeholder \{brnad\} \(known: \{brand\}\)/,
    );
    expect(() => parseConfig(program({ en: { labels: ['a', 'b', '{x}', 'd', 'e'] } }), 'x')).toThrow(
      /wording\.en\.labels\.2: unknown placeholder \{x\}/,
    );
    expect(() => parseConfig(program({ xx: { question: 'Hi' } }), 'x')).toThrow(/wording/);
  });

  it('asks its question in the email and on the page in the customer’s language, and falls back where not worded', async () => {
    const config = parseConfig(
      program({
        de: { question: 'Würden Sie {brand} Ihren Freunden empfehlen?', low: 'Nie', high: 'Sofort', comment: 'Warum?' },
      }),
      'x',
    );
    const german = surveyEmail(config, 'https://x.example', survey('de'), { token: 't', unsubscribeToken: 'u' });
    expect(german.html).toContain('Würden Sie Acme Ihren Freunden empfehlen?');
    expect(german.text).toContain('Nie');
    // English is not worded: closeloop's catalog speaks.
    const english = surveyEmail(config, 'https://x.example', survey('en'), { token: 't', unsubscribeToken: 'u' });
    expect(english.html).toContain('How likely are you to recommend Acme to a friend or colleague?');

    const keys = new FixedKeys();
    const token = signSurveyToken({ surveyId: 'srv1', expiresAt: new Date('2026-12-23T09:00:00Z') }, keys.key);
    const page = await showAnswerPage(
      {
        surveys: { get: async () => survey('de') },
        responses: { get: async () => undefined } as never,
        keys,
        clock: new ManualClock('2026-11-24T10:00:00Z'),
        config,
      },
      { token, score: '3', nonce: 'n' },
    );
    expect(page).toContain('<h1>Würden Sie Acme Ihren Freunden empfehlen?</h1>');
    expect(page).toContain('0 = Nie');
    expect(page).toContain('>Warum?</label>');
  });
});
