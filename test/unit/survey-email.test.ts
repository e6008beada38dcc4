import { describe, expect, it } from 'vitest';
import { renderSurveyEmail } from '#shared/rendering/survey-email.ts';

const base = {
  metric: 'nps' as const,
  brandName: 'Acme Coffee',
  customerName: 'Ana',
  primaryColour: '#6f4e37',
  answerUrl: (score: number) => `https://feedback.example/s/TOKEN?score=${score}`,
  expiresAt: new Date('2026-12-23T12:00:00Z'),
};

describe('the NPS survey email', () => {
  it('asks the question naming the brand, in the subject and the body', () => {
    const email = renderSurveyEmail(base);
    expect(email.subject).toBe('How likely are you to recommend Acme Coffee?');
    expect(email.html).toContain('How likely are you to recommend Acme Coffee to a friend or colleague?');
    expect(email.text).toContain('How likely are you to recommend Acme Coffee to a friend or colleague?');
  });

  it('has eleven one-click links, 0 to 10, in order, in both parts', () => {
    const email = renderSurveyEmail(base);
    const htmlLinks = [...email.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    const expected = Array.from({ length: 11 }, (_, n) => `https://feedback.example/s/TOKEN?score=${n}`);
    expect(htmlLinks).toEqual(expected);
    const textLinks = [...email.text.matchAll(/https:\/\/\S+/g)].map((m) => m[0]);
    expect(textLinks).toEqual(expected);
  });

  it('labels the ends of the scale and says when the survey closes', () => {
    const email = renderSurveyEmail(base);
    expect(email.html).toContain('0 = Not at all likely');
    expect(email.html).toContain('10 = Extremely likely');
    expect(email.text).toContain('This survey closes on December 23, 2026.');
  });

  it('escapes names and brands, so markup in them stays text', () => {
    const email = renderSurveyEmail({ ...base, brandName: 'A&B <Coffee>', customerName: '<script>alert(1)</script>' });
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.html).toContain('A&amp;B &lt;Coffee&gt;');
  });

  it('greets without a name when the store sent none', () => {
    const email = renderSurveyEmail({ ...base, customerName: undefined });
    expect(email.text.startsWith('Hi,\n')).toBe(true);
  });
});

describe('the CSAT survey email', () => {
  const csat = { ...base, metric: 'csat' as const };

  it('asks about the support, with five one-click links, each score labelled, in both parts', () => {
    // Act
    const email = renderSurveyEmail(csat);

    // Assess
    expect(email.subject).toBe('How satisfied were you with the support from Acme Coffee?');
    const links = [...email.html.matchAll(/<a href="([^"]+)" aria-label="([^"]+)"/g)].map((m) => [m[1], m[2]]);
    expect(links).toEqual([
      ['https://feedback.example/s/TOKEN?score=1', '1 – Very dissatisfied'],
      ['https://feedback.example/s/TOKEN?score=2', '2 – Dissatisfied'],
      ['https://feedback.example/s/TOKEN?score=3', '3 – Neutral'],
      ['https://feedback.example/s/TOKEN?score=4', '4 – Satisfied'],
      ['https://feedback.example/s/TOKEN?score=5', '5 – Very satisfied'],
    ]);
    expect(email.text).toContain(' 5 (Very satisfied): https://feedback.example/s/TOKEN?score=5');
    expect(email.text).not.toContain('score=0');
    expect(email.text).toContain('because of your recent support request with Acme Coffee');
  });

  it('asks again for a score from 1 to 5 when a reply had none', () => {
    const email = renderSurveyEmail({ ...csat, askingAgain: true });
    expect(email.text).toContain('We could not find a score from 1 to 5 in it');
  });
});
