import { createTransport } from 'nodemailer';
import { describe, expect, it } from 'vitest';
import type { LocalMetric } from '../../local/metrics.ts';
import { eventually, inbox, localClients } from '../support/runtime.ts';
import { storedResponse, surveyEmail } from '../support/surveys.ts';

const { urls } = localClients();
const smtp = createTransport({ url: urls.smtp, ignoreTLS: true });

type Survey = Awaited<ReturnType<typeof surveyEmail>>;

/** A reply to the survey's Reply-To, from the customer unless told otherwise. */
function reply(
  survey: Survey,
  content: { text: string; subject?: string; from?: string; headers?: Record<string, string> },
) {
  return smtp.sendMail({
    from: content.from ?? survey.detail.customer.email,
    to: survey.email?.replyTo[0] ?? '',
    subject: content.subject ?? `Re: ${survey.email?.subject}`,
    text: content.text,
    headers: content.headers ?? {},
  });
}

async function handled(outcome: string): Promise<number> {
  const metrics = (await (await fetch(`${urls.events}/metrics?name=RepliesRecorded`)).json()) as LocalMetric[];
  return metrics.filter((m) => m.dimensions.outcome === outcome).reduce((sum, m) => sum + m.sum, 0);
}

/** Sends the replies and waits until the reply handler has handled `count` more with that outcome. */
async function repliesHandled(outcome: string, count: number, send: () => Promise<unknown>) {
  const before = await handled(outcome);
  await send();
  await eventually(async () => ((await handled(outcome)) >= before + count ? true : undefined), `${count} ${outcome}`);
}

/** The raw replies the local S3 still keeps that hold `text`. */
async function storedRepliesHolding(text: string): Promise<string[]> {
  const bucket = 'closeloop-inbound-mail';
  const keys = (await (await fetch(`${urls.events}/objects?bucket=${bucket}`)).json()) as string[];
  const held: string[] = [];
  for (const key of keys) {
    const response = await fetch(`${urls.events}/${bucket}/${key}`);
    if (response.ok && (await response.text()).includes(text)) held.push(key);
  }
  return held;
}

const emailsTo = async (survey: Survey) => (await inbox(urls.ses, survey.detail.customer.email)).length;

describe('replies that must not loop or lie', () => {
  it('records nothing from autoresponders, in several dialects, and answers none of them', async () => {
    // Prepare
    const survey = await surveyEmail();
    const before = await emailsTo(survey);
    const outOfOffice = 'I am out of the office until 5 December. 5 stars to everyone meanwhile!';
    // Act
    await repliesHandled('ignored-automatic', 4, async () => {
      await reply(survey, { text: outOfOffice, headers: { 'Auto-Submitted': 'auto-replied' } });
      await reply(survey, { text: outOfOffice, headers: { 'X-Autoreply': 'yes' } });
      await reply(survey, { text: outOfOffice, headers: { Precedence: 'bulk' } });
      await reply(survey, {
        text: 'Ich bin bis zum 5. Dezember nicht im Büro. 5',
        subject: 'Abwesenheitsnotiz: Ihre Meinung',
      });
    });
    // Assess
    expect(await storedResponse(survey.surveyId)).toBeUndefined();
    expect(await emailsTo(survey)).toBe(before);
  });

  it('records nothing from someone who is not the survey’s customer', async () => {
    const survey = await surveyEmail();
    await repliesHandled('ignored-not-the-customer', 1, () =>
      reply(survey, { text: '0 terrible', from: 'someone.else@example.com' }),
    );
    expect(await storedResponse(survey.surveyId)).toBeUndefined();
  });

  it('asks a scoreless reply again at most once a day, and never an unsubscribed customer', async () => {
    // Prepare
    const survey = await surveyEmail();
    const before = await emailsTo(survey);
    // Act: two scoreless replies the same day
    await repliesHandled('asked-again', 1, () => reply(survey, { text: 'Which number do you want?' }));
    await repliesHandled('ignored-asked-today', 1, () => reply(survey, { text: 'Hello? Which number?' }));
    // Assess
    expect(await emailsTo(survey)).toBe(before + 1);

    // Prepare: another customer, who unsubscribes
    const unsubscribed = await surveyEmail();
    expect((await fetch(unsubscribed.unsubscribeUrl, { method: 'POST' })).status).toBeLessThan(400);
    const sent = await emailsTo(unsubscribed);
    // Act
    await repliesHandled('ignored-suppressed', 1, () => reply(unsubscribed, { text: 'what is this?' }));
    // Assess
    expect(await emailsTo(unsubscribed)).toBe(sent);
  });

  it('records the score of a long reply and keeps its text up to the comment limit', async () => {
    const survey = await surveyEmail();
    await reply(survey, { text: `9 ${'Lovely beans. '.repeat(400)}` });
    const stored = await eventually(async () => storedResponse(survey.surveyId), 'the answer');
    expect(stored).toMatchObject({ score: 9, channel: 'email' });
    expect([...(stored?.comment ?? '')].length).toBe(2000);
  });

  it('keeps no raw email once a reply is handled, answered or ignored', async () => {
    // Prepare
    const survey = await surveyEmail();
    const customer = survey.detail.customer.email;
    // Act: one answer, one out-of-office
    await repliesHandled('answered', 1, () => reply(survey, { text: '10 wonderful' }));
    await repliesHandled('ignored-automatic', 1, () =>
      reply(survey, { text: 'Away until Monday', headers: { 'Auto-Submitted': 'auto-replied' } }),
    );
    // Assess: the bucket holds neither (the SMTP port stored both, from the customer's address)
    await eventually(
      async () => ((await storedRepliesHolding(customer)).length === 0 ? true : undefined),
      'the raw replies deleted',
    );
  });
});
