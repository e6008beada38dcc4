import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '#shared/adapters/dynamodb/table-design.ts';
import { signSurveyToken } from '#shared/domain/survey-token.ts';
import { localClients } from '../support/runtime.ts';
import {
  aggregate,
  answeredEvents,
  postForm,
  postJson,
  signLocal,
  storedResponse,
  suppressionOf,
  surveyEmail,
} from '../support/surveys.ts';

const { urls, dynamo } = localClients();
const DAY = 24 * 60 * 60 * 1000;

describe('one-click answers that link scanners cannot fake', () => {
  it('records nothing, and unsubscribes nobody, when every link of the email is fetched with GET and HEAD', async () => {
    // Prepare
    const survey = await surveyEmail();
    // Act: what a mail security scanner does.
    for (const link of [...survey.links, survey.unsubscribeUrl]) {
      expect((await fetch(link)).status).toBe(200);
      expect((await fetch(link, { method: 'HEAD' })).status).toBe(200);
    }
    expect(await suppressionOf(survey.detail.customer.email)).toBeUndefined();
    // Assess
    expect(await storedResponse(survey.surveyId)).toBeUndefined();
    // The day's row may count the survey as sent; never as answered.
    const counters = await aggregate(survey.storeId);
    expect(Object.keys(counters ?? {}).filter((name) => /^(responses|answered|score_\d+)$/.test(name))).toEqual([]);
    expect(await answeredEvents(survey.surveyId)).toEqual([]);
  });

  it('shows the question with the clicked score preselected, a comment box, a plain button and the trusted-choice script', async () => {
    const survey = await surveyEmail();
    const response = await fetch(`${survey.answerUrl}?score=7`);
    const page = await response.text();
    expect(page).toContain('How likely are you to recommend Acme Coffee to a friend or colleague?');
    expect(page).toMatch(/<input type="radio" name="score" value="7" checked/);
    expect(page.match(/ checked/g)).toHaveLength(1);
    expect(page).toContain('<textarea id="comment" name="comment"');
    expect(page).toContain('<button type="submit">Send my answer</button>');
    const nonce = /script-src 'nonce-([^']+)'/.exec(response.headers.get('content-security-policy') ?? '')?.[1];
    expect(page).toContain(`<script nonce="${nonce}">`);
    // It submits only on a person's own choice: no timer, no visibility trick a scanner's browser can satisfy.
    expect(page).toMatch(/!\w+\.isTrusted/);
    expect(page).not.toContain('setTimeout');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('preselects nothing for a score outside the scale', async () => {
    const survey = await surveyEmail();
    const page = await (await fetch(`${survey.answerUrl}?score=12`)).text();
    expect(page).not.toContain(' checked');
  });
});

describe('recording an answer with POST', () => {
  it('records a form post once, counts it in the day aggregate and announces Survey Answered', async () => {
    // Prepare
    const survey = await surveyEmail();
    // Act
    const response = await postForm(survey.answerUrl, { score: '3', comment: 'Late again.' });
    // Assess
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('Thank you for your answer!');
    expect(page).toContain('Your answer: 3');
    expect(await storedResponse(survey.surveyId)).toMatchObject({
      score: 3,
      comment: 'Late again.',
      version: 1,
      channel: 'web',
    });
    expect(await aggregate(survey.storeId)).toMatchObject({ responses: 1, score_3: 1, metric: 'nps' });
    expect(await answeredEvents(survey.surveyId)).toEqual([
      expect.objectContaining({
        score: 3,
        class: 'detractor',
        comment: 'Late again.',
        replaced: false,
        program: 'purchase-nps',
        storeId: survey.storeId,
        customerId: survey.detail.customer.id,
        version: 1,
      }),
    ]);
  });

  it('changes nothing when the same answer is posted again, and tells the same fact again', async () => {
    const survey = await surveyEmail();
    await postForm(survey.answerUrl, { score: '8' });
    const again = await postForm(survey.answerUrl, { score: '8' });
    expect(again.status).toBe(200);
    expect(await aggregate(survey.storeId)).toMatchObject({ responses: 1, score_8: 1 });
    // At least once: the first may have been lost to a crash; consumers deduplicate by survey id and version.
    const events = await answeredEvents(survey.surveyId);
    expect(events).toHaveLength(2);
    expect(events[1]).toEqual(events[0]);
    expect(events[0]).toMatchObject({ score: 8, version: 1 });
  });

  it('moves the aggregates exactly when the answer changes within 7 days, never counting it twice', async () => {
    const survey = await surveyEmail();
    await postForm(survey.answerUrl, { score: '3' });
    const changed = await postForm(survey.answerUrl, { score: '9', comment: 'Actually, they made it right.' });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toContain('Thank you, your answer is updated.');
    expect(await aggregate(survey.storeId)).toMatchObject({ responses: 1, score_3: 0, score_9: 1 });
    const events = await answeredEvents(survey.surveyId);
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({ score: 9, class: 'promoter', replaced: true, previousScore: 3, version: 2 });
  });

  it('counts one answer when different answers race in at the same moment', async () => {
    const survey = await surveyEmail();
    const results = await Promise.all(['1', '5', '10', '6'].map((score) => postForm(survey.answerUrl, { score })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const stored = await storedResponse(survey.surveyId);
    const counts = (await aggregate(survey.storeId)) as Record<string, number>;
    expect(counts.responses).toBe(1);
    const byScore = Object.entries(counts).filter(([name, value]) => name.startsWith('score_') && value !== 0);
    expect(byScore).toEqual([[`score_${stored?.score}`, 1]]);
    expect(await answeredEvents(survey.surveyId)).toHaveLength(stored?.version);
  });

  it('takes JSON and answers in JSON', async () => {
    const survey = await surveyEmail();
    const response = await postJson(survey.answerUrl, { score: 10, comment: 'Great beans' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      surveyId: survey.surveyId,
      outcome: 'recorded',
      score: 10,
      class: 'promoter',
    });
  });

  it('stores a comment as text and escapes it on the page', async () => {
    const survey = await surveyEmail();
    const comment = '<script>alert("x")</script> & <b>bold</b>';
    const page = await (await postForm(survey.answerUrl, { score: '6', comment })).text();
    expect(page).not.toContain('<script>alert');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect((await storedResponse(survey.surveyId))?.comment).toBe(comment);
  });
});

describe('bad answers and bad links', () => {
  it.each([
    [{ score: '11' }, 'score'],
    [{ score: '-1' }, 'score'],
    [{ score: 'seven' }, 'score'],
    [{ score: '4.5' }, 'score'],
    [{}, 'score'],
    [{ score: '5', comment: 'x'.repeat(2001) }, 'comment'],
    [{ score: '5', ces: '3' }, 'ces'],
  ])('refuses %j with 400 naming %s, and writes nothing', async (fields, field) => {
    const survey = await surveyEmail();
    const response = await postForm(survey.answerUrl, fields as Record<string, string>, { accept: 'application/json' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { issues: string[] } };
    expect(body.error.issues.some((issue) => issue.startsWith(`${field}:`))).toBe(true);
    expect(await storedResponse(survey.surveyId)).toBeUndefined();
  });

  it('accepts a comment of exactly 2,000 characters', async () => {
    const survey = await surveyEmail();
    expect((await postForm(survey.answerUrl, { score: '5', comment: 'é'.repeat(2000) })).status).toBe(200);
  });

  it('answers a tampered link with a plain 403 page and writes nothing', async () => {
    const survey = await surveyEmail();
    const parts = survey.token.split('.');
    // Another last character of the survey id, whatever it was.
    const surveyPart = parts[2] ?? '';
    const tamperedId = `${surveyPart.slice(0, -1)}${surveyPart.endsWith('0') ? '1' : '0'}`;
    const tampered = [parts[0], parts[1], tamperedId, parts[3], parts[4]].join('.');
    for (const response of [
      await fetch(`${urls.http}/s/${tampered}?score=9`),
      await postForm(`${urls.http}/s/${tampered}`, { score: '9' }),
    ]) {
      expect(response.status).toBe(403);
      const page = await response.text();
      expect(page).toContain('This survey link is not valid.');
      expect(page).not.toContain('<form');
    }
    expect(await storedResponse(survey.surveyId)).toBeUndefined();
  });

  it('refuses a link signed with a key this deployment does not hold (403), and a survey it does not know (404)', async () => {
    const survey = await surveyEmail();
    const foreign = signSurveyToken(
      { surveyId: survey.surveyId, expiresAt: new Date(Date.now() + DAY) },
      { kid: 'elsewhere', secret: Buffer.from('x'.repeat(64)) },
    );
    expect((await postForm(`${urls.http}/s/${foreign}`, { score: '9' })).status).toBe(403);
    const unknown = await signLocal('0000000000000000000000zzzz', new Date(Date.now() + DAY));
    const response = await postForm(`${urls.http}/s/${unknown}`, { score: '9' });
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('We could not find this survey.');
    expect(await storedResponse(survey.surveyId)).toBeUndefined();
  });

  it('says the survey is closed (410) once its link has expired', async () => {
    const survey = await surveyEmail();
    const expired = await signLocal(survey.surveyId, new Date(Date.now() - 1000));
    for (const response of [
      await fetch(`${urls.http}/s/${expired}?score=9`),
      await postForm(`${urls.http}/s/${expired}`, { score: '9' }),
    ]) {
      expect(response.status).toBe(410);
      expect(await response.text()).toContain('This survey has closed.');
    }
    expect(await storedResponse(survey.surveyId)).toBeUndefined();
  });

  it('says the survey is closed (410) when the answer is older than 7 days, and keeps the old answer', async () => {
    const survey = await surveyEmail();
    const eightDaysAgo = new Date(Date.now() - 8 * DAY).toISOString();
    await dynamo.send(
      new PutCommand({
        TableName: 'closeloop',
        Item: {
          ...keys.response(survey.surveyId),
          surveyId: survey.surveyId,
          score: 4,
          answeredAt: eightDaysAgo,
          updatedAt: eightDaysAgo,
          channel: 'web',
          version: 1,
        },
      }),
    );
    expect((await fetch(`${survey.answerUrl}?score=9`)).status).toBe(410);
    expect((await postForm(survey.answerUrl, { score: '9' })).status).toBe(410);
    expect(await storedResponse(survey.surveyId)).toMatchObject({ score: 4, version: 1 });
  });

  it('refuses a body that is neither a form nor JSON', async () => {
    const survey = await surveyEmail();
    const response = await fetch(survey.answerUrl, {
      method: 'POST',
      body: 'score=5',
      headers: { 'content-type': 'text/plain' },
    });
    expect(response.status).toBe(400);
  });
});
