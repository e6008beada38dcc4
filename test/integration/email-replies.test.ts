import { createTransport } from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { NPS_SCORES } from '#shared/domain/nps.ts';
import { deadLetter, eventually, inbox, localClients } from '../support/runtime.ts';
import { aggregate, answeredEvents, signLocal, storedResponse, surveyEmail } from '../support/surveys.ts';

const { urls } = localClients();
const smtp = createTransport({ url: urls.smtp, ignoreTLS: true });
const DOMAIN = 'replies.acme.example';

type Survey = Awaited<ReturnType<typeof surveyEmail>>;

/** What a mail client sends when the customer replies: to the Reply-To, "Re:" subject, the original quoted. */
function reply(survey: Survey, content: { text?: string; html?: string }) {
  const replyTo = survey.email?.replyTo[0] ?? '';
  return smtp.sendMail({
    from: `Ana Silva <${survey.detail.customer.email}>`,
    to: replyTo,
    subject: `Re: ${survey.email?.subject}`,
    inReplyTo: '<survey@acme.example>',
    ...content,
  });
}

const quoted = (survey: Survey) =>
  (survey.email?.body.text ?? '')
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');

/** The answer the reply recorded, once it is announced. */
async function answered(surveyId: string) {
  return eventually(async () => {
    const stored = await storedResponse(surveyId);
    return stored !== undefined && (await answeredEvents(surveyId)).length > 0 ? stored : undefined;
  }, 'the answer from the reply');
}

describe('answers by email reply, through the SMTP port', () => {
  it('puts the reply address with the survey token on every survey email', async () => {
    const survey = await surveyEmail();
    expect(survey.email?.replyTo).toEqual([`reply+${survey.token}@${DOMAIN}`]);
  });

  it('records a plain-text reply: the score first, the rest as the comment, the quoted original ignored', async () => {
    const survey = await surveyEmail();
    await reply(survey, {
      text: `8 — fast delivery\n\nOn Mon, 23 Nov 2026 at 10:00, Acme Coffee <feedback@acme.example> wrote:\n${quoted(survey)}`,
    });
    expect(await answered(survey.surveyId)).toMatchObject({
      score: 8,
      comment: 'fast delivery',
      channel: 'email',
      version: 1,
    });
    expect(await aggregate(survey.storeId)).toMatchObject({ responses: 1, score_8: 1 });
    expect(await answeredEvents(survey.surveyId)).toEqual([
      expect.objectContaining({ score: 8, channel: 'email', class: 'passive' }),
    ]);
  });

  it('reads a score inside a sentence, and keeps the sentence as the comment', async () => {
    const survey = await surveyEmail();
    await reply(survey, {
      text: `I'd say 3. Late again.\n\nOn Mon, 23 Nov 2026, Acme Coffee wrote:\n${quoted(survey)}`,
    });
    expect(await answered(survey.surveyId)).toMatchObject({ score: 3, comment: "I'd say 3. Late again." });
  });

  it('records an HTML-only reply, ignoring the quoted original in its blockquote', async () => {
    const survey = await surveyEmail();
    await reply(survey, {
      html: `<div dir="ltr">10 &mdash; <b>best beans</b> in town</div><br><div class="gmail_quote"><div>On Mon, Acme Coffee wrote:</div><blockquote>${survey.email?.body.html}</blockquote></div>`,
    });
    expect(await answered(survey.surveyId)).toMatchObject({ score: 10, comment: 'best beans in town' });
  });

  it('records non-English replies: Japanese full-width digits and a German quote header', async () => {
    const japanese = await surveyEmail();
    await reply(japanese, {
      text: `９です。配送がとても早かったです。\n\n2026年11月23日(月) 10:00 Acme Coffee <feedback@acme.example>:\n${quoted(japanese)}`,
    });
    expect(await answered(japanese.surveyId)).toMatchObject({ score: 9, comment: 'です。配送がとても早かったです。' });

    const german = await surveyEmail();
    await reply(german, {
      text: `7, die Bohnen waren gut, aber teuer.\n\nAm 23.11.2026 um 10:00 schrieb Acme Coffee <feedback@acme.example>:\n${quoted(german)}`,
    });
    expect(await answered(german.surveyId)).toMatchObject({ score: 7, comment: 'die Bohnen waren gut, aber teuer.' });
  });

  it('changes an earlier web answer, moving the aggregates', async () => {
    const survey = await surveyEmail();
    await fetch(survey.answerUrl, { method: 'POST', body: new URLSearchParams({ score: '2' }) });
    await reply(survey, { text: '6 after all' });
    await eventually(
      async () => ((await storedResponse(survey.surveyId))?.version === 2 ? true : undefined),
      'the changed answer',
    );
    expect(await aggregate(survey.storeId)).toMatchObject({ responses: 1, score_2: 0, score_6: 1 });
  });

  it('answers a reply without a usable score with the one-click buttons, and records nothing', async () => {
    const survey = await surveyEmail();
    await reply(survey, { text: `Thanks, but what is this about?\n\nOn Mon, Acme Coffee wrote:\n${quoted(survey)}` });
    const again = await eventually(async () => {
      const emails = await inbox(urls.ses, survey.detail.customer.email);
      return emails.length === 2 ? emails[1] : undefined;
    }, 'the email asking again');
    expect(again?.subject).toBe('Which score would you give Acme Coffee?');
    expect(again?.body.text).toContain('We could not find a score from 0 to 10 in it');
    expect([...(again?.body.html ?? '').matchAll(/href="[^"]+\?score=(\d+)"/g)].map((m) => m[1])).toEqual(
      NPS_SCORES.map(String),
    );
    expect(again?.replyTo).toEqual([`reply+${survey.token}@${DOMAIN}`]);
    expect(await storedResponse(survey.surveyId)).toBeUndefined();
  });

  it('dead-letters a reply to a forged token with its reason, writing nothing', async () => {
    const survey = await surveyEmail();
    const forged = `${survey.token.slice(0, -2)}AA`;
    await smtp.sendMail({
      from: survey.detail.customer.email,
      to: `reply+${forged}@${DOMAIN}`,
      subject: 'Re',
      text: '10',
    });
    const letter = await deadLetter('email-reply-dlq', forged);
    expect(letter.MessageAttributes?.errorName?.StringValue).toBe('InvalidSurveyToken');
    expect(await storedResponse(survey.surveyId)).toBeUndefined();
  });

  it('refuses mail for any other domain at the SMTP level', async () => {
    await expect(
      smtp.sendMail({ from: 'a@example.com', to: 'someone@elsewhere.example', subject: 'x', text: '9' }),
    ).rejects.toMatchObject({ responseCode: 550 });
  });

  it('says nothing for an expired link but records nothing either', async () => {
    const survey = await surveyEmail();
    const expired = await signLocal(survey.surveyId, new Date(Date.now() - 1000));
    await smtp.sendMail({
      from: survey.detail.customer.email,
      to: `reply+${expired}@${DOMAIN}`,
      subject: 'Re',
      text: '10',
    });
    const letter = await deadLetter('email-reply-dlq', expired);
    expect(letter.MessageAttributes?.errorName?.StringValue).toBe('SurveyClosed');
    expect(await storedResponse(survey.surveyId)).toBeUndefined();
  });
});
