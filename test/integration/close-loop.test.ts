import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import {
  eventually,
  type InboxEmail,
  inbox,
  localClients,
  purchaseDetail,
  putPurchase,
  quiet,
  staffFetch,
} from '../support/runtime.ts';
import { postForm, surveysOfCustomer } from '../support/surveys.ts';

const { urls, eventBridge, dynamo } = localClients();
const HOUR = 3_600_000;
const staffPost = (url: string, body: unknown) =>
  staffFetch(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

/** A purchase at a loop-closing store, and the survey email's answer URL. */
async function surveyAt(storeId: string) {
  const detail = purchaseDetail({ storeId });
  await putPurchase(eventBridge, detail);
  const [email] = await eventually(async () => {
    const mails = await inbox(urls.ses, detail.customer.email);
    return mails.length > 0 ? mails : undefined;
  }, 'the survey email');
  const link = /href="([^"]+\/s\/[^"?]+)/.exec(email?.body.html ?? '')?.[1] ?? '';
  const token = new URL(link).pathname.split('/')[2] ?? '';
  return { detail, customer: detail.customer.email, answerUrl: link, surveyId: token.split('.')[2] ?? '' };
}

/** Emails to `to` that are about this customer (staff mailboxes are shared by every test). */
async function mailAbout(to: string, customerEmail: string): Promise<InboxEmail[]> {
  return (await inbox(urls.ses, to)).filter((mail) => (mail.body.text ?? '').includes(customerEmail));
}

async function events(detailType: string, surveyId: string) {
  const all = (await (await fetch(`${urls.events}/events?detail-type=${encodeURIComponent(detailType)}`)).json()) as {
    event: { source: string; detail: Record<string, unknown> };
  }[];
  return all.map(({ event }) => event.detail).filter((detail) => detail.surveyId === surveyId);
}

async function escalateAt(time: Date) {
  const response = await fetch(`${urls.events}/schedules/run?id=EscalateOverdueCases&time=${time.toISOString()}`, {
    method: 'POST',
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { escalated: number };
}

async function apiCase(caseId: string) {
  const response = await staffFetch(`${urls.http}/api/cases/${caseId}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The acknowledge link of the alert a staff member got about this customer. */
function linkIn(mail: InboxEmail | undefined, action: 'acknowledge' | 'resolve') {
  const url = new RegExp(`(http://\\S+/c/\\S+\\?action=${action})`).exec(mail?.body.text ?? '')?.[1];
  if (url === undefined) throw new Error(`no ${action} link in the alert`);
  return url;
}

async function chatPosts() {
  return (await (await fetch(`${inject('chatWebhook')}/posts`)).json()) as { path: string; body: { text: string } }[];
}

describe('a detractor answer closes the loop', () => {
  it('alerts staff by email and chat, apologises to the customer, opens a case, escalates it once when ignored', async () => {
    // Prepare: a purchase and its survey.
    const survey = await surveyAt('store-loop');

    // Act: NPS 3 with a comment, posted from the answer page.
    const answered = await postForm(survey.answerUrl, { score: '3', comment: 'The grinder arrived broken' });
    expect(answered.status).toBe(200);

    // Assess: within seconds, both alert recipients have the alert …
    const alerts = await eventually(async () => {
      const both = await Promise.all(
        ['alerts@acme.example', 'lead@acme.example'].map((to) => mailAbout(to, survey.customer)),
      );
      return both.every((mails) => mails.length === 1) ? both.map((mails) => mails[0]) : undefined;
    }, 'the staff alerts');
    const alert = alerts[0];
    expect(alert?.subject).toBe(`Detractor: NPS 3/10 from Ana Silva (Acme Coffee Loop)`);
    expect(alert?.body.text).toContain('Score: 3 of 0–10 (NPS)');
    expect(alert?.body.text).toContain('Comment: The grinder arrived broken');
    expect(alert?.body.text).toContain(`Order: ${survey.detail.orderId}`);
    expect(alert?.body.text).toContain('Store: Acme Coffee Loop (store-loop)');
    expect(alert?.replyTo).toEqual([survey.customer]);
    // … each with a link of their own.
    expect(linkIn(alerts[0], 'acknowledge')).not.toBe(linkIn(alerts[1], 'acknowledge'));
    // … the customer has the apology, in their language, with replies going to the store's staff …
    const followUp = await eventually(async () => {
      const mails = (await inbox(urls.ses, survey.customer)).filter((m) => m.subject.startsWith('We are sorry'));
      return mails.length === 1 ? mails[0] : undefined;
    }, 'the customer follow-up');
    expect(followUp?.subject).toBe('We are sorry – Acme Coffee Loop will be in touch');
    expect(followUp?.body.text).toContain('will contact you within 24 hours');
    expect(followUp?.replyTo).toEqual(['support@acme.example']);
    // … the chat has the alert …
    const posted = await eventually(async () => {
      const posts = (await chatPosts()).filter((post) => post.body.text.includes(survey.customer));
      return posts.length === 1 ? posts[0] : undefined;
    }, 'the chat post');
    expect(posted?.path).toBe('/hooks/store-loop');
    expect(posted?.body.text).toContain('The grinder arrived broken');
    // … and the case is open, due in 24 hours, with the events on the bus.
    const { status, body: followUpCase } = await apiCase(survey.surveyId);
    expect(status).toBe(200);
    expect(followUpCase).toMatchObject({ status: 'open', storeId: 'store-loop', answer: { score: 3 } });
    const dueAt = Date.parse(String(followUpCase.dueAt));
    expect(dueAt - Date.parse(String(followUpCase.openedAt))).toBe(24 * HOUR);
    const listed = (await (await staffFetch(`${urls.http}/api/cases?storeId=store-loop`)).json()) as {
      cases: { id: string }[];
    };
    expect(listed.cases.map((c) => c.id)).toContain(survey.surveyId);
    await eventually(
      async () => ((await events('Follow-up Opened', survey.surveyId)).length === 1 ? true : undefined),
      'Follow-up Opened',
    );
    const [identified] = await events('Detractor Identified', survey.surveyId);
    expect(identified).toMatchObject({ score: 3, comment: 'The grinder arrived broken', caseId: survey.surveyId });

    // Act: the deadline passes with nobody acknowledging; the escalation runs twice.
    await escalateAt(new Date(dueAt - 60_000));
    await quiet([survey.surveyId, survey.customer]);
    expect(await mailAbout('manager@acme.example', survey.customer)).toHaveLength(0);
    await escalateAt(new Date(dueAt + HOUR));
    const [escalation] = await eventually(async () => {
      const mails = await mailAbout('manager@acme.example', survey.customer);
      return mails.length === 1 ? mails : undefined;
    }, 'the escalation email');
    await escalateAt(new Date(dueAt + 2 * HOUR));
    await quiet([survey.surveyId, survey.customer]);

    // Assess: escalated once.
    expect(escalation?.subject).toBe('Overdue: unacknowledged detractor case for Ana Silva (Acme Coffee Loop)');
    expect(await mailAbout('manager@acme.example', survey.customer)).toHaveLength(1);
    expect(await events('Follow-up Escalated', survey.surveyId)).toHaveLength(1);
    expect((await apiCase(survey.surveyId)).body.escalatedAt).toBeDefined();
  });

  it('stops the escalation once someone acknowledges through the alert link; opening the link changes nothing', async () => {
    // Prepare
    const survey = await surveyAt('store-loop');
    await postForm(survey.answerUrl, { score: '1' });
    const [alert] = await eventually(async () => {
      const mails = await mailAbout('lead@acme.example', survey.customer);
      return mails.length === 1 ? mails : undefined;
    }, 'the alert');
    const link = linkIn(alert, 'acknowledge');

    // Act: the link opens the case (as a mail scanner would, too) …
    const page = await fetch(link);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('Acknowledge the case');
    expect(html).toContain('You act as lead@acme.example.');
    expect((await fetch(link, { method: 'HEAD' })).status).toBe(200);
    expect((await apiCase(survey.surveyId)).body.status).toBe('open');
    // … and the confirm button posts, as the link's recipient whatever the form says.
    const confirmed = await postForm(link.split('?')[0] ?? '', {
      action: 'acknowledge',
      owner: 'mallory@evil.example',
    });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('Acknowledged');
    const dueAt = Date.parse(String((await apiCase(survey.surveyId)).body.dueAt));
    await escalateAt(new Date(dueAt + HOUR));
    await quiet([survey.surveyId, survey.customer]);

    // Assess
    expect((await apiCase(survey.surveyId)).body).toMatchObject({ status: 'acknowledged', owner: 'lead@acme.example' });
    expect(await mailAbout('manager@acme.example', survey.customer)).toHaveLength(0);
    expect(await events('Follow-up Escalated', survey.surveyId)).toHaveLength(0);
    const [acknowledged] = await eventually(async () => {
      const found = await events('Follow-up Acknowledged', survey.surveyId);
      return found.length === 1 ? found : undefined;
    }, 'Follow-up Acknowledged');
    expect(acknowledged).toMatchObject({ owner: 'lead@acme.example', withinDeadline: true });
    // Someone else cannot take it over (the other recipient's link acts as them); a forged link is refused.
    const [otherAlert] = await mailAbout('alerts@acme.example', survey.customer);
    const other = await postForm(linkIn(otherAlert, 'acknowledge').split('?')[0] ?? '', { action: 'acknowledge' });
    expect(other.status).toBe(409);
    expect((await fetch(link.replace(/\.[^.?]+\?/, '.AAAAAAAAAAAAAAAAAAAAAA?'))).status).toBe(403);
  });

  it('changes nothing when every event is delivered again', async () => {
    // Prepare: a detractor whose loop has closed.
    const survey = await surveyAt('store-loop');
    await postForm(survey.answerUrl, { score: '2', comment: 'Cold coffee' });
    await eventually(
      async () => ((await events('Detractor Identified', survey.surveyId)).length === 1 ? true : undefined),
      'the loop',
    );
    await eventually(
      async () => ((await inbox(urls.ses, survey.customer)).length === 2 ? true : undefined),
      'the follow-up',
    );
    await quiet([survey.surveyId, survey.customer]);
    const before = {
      customer: (await inbox(urls.ses, survey.customer)).length,
      alerts: (await mailAbout('alerts@acme.example', survey.customer)).length,
      chat: (await chatPosts()).filter((post) => post.body.text.includes(survey.customer)).length,
    };

    // Act: the purchase and the answer event again, and the same answer posted again.
    const [answeredDetail] = await events('Survey Answered', survey.surveyId);
    await eventBridge.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: 'closeloop',
            Source: 'closeloop',
            DetailType: 'Survey Answered',
            Detail: JSON.stringify(answeredDetail),
          },
        ],
      }),
    );
    await putPurchase(eventBridge, survey.detail);
    await postForm(survey.answerUrl, { score: '2', comment: 'Cold coffee' });
    await quiet([survey.surveyId, survey.customer]);

    // Assess
    expect(before).toEqual({ customer: 2, alerts: 1, chat: 1 });
    expect((await inbox(urls.ses, survey.customer)).length).toBe(before.customer);
    expect((await mailAbout('alerts@acme.example', survey.customer)).length).toBe(before.alerts);
    expect((await chatPosts()).filter((post) => post.body.text.includes(survey.customer))).toHaveLength(before.chat);
    expect(await events('Detractor Identified', survey.surveyId)).toHaveLength(1);
    expect(await events('Follow-up Opened', survey.surveyId)).toHaveLength(1);
  });
});

describe('a promoter answer', () => {
  it('gets a thank-you with the referral link, Promoter Identified, and no case', async () => {
    const survey = await surveyAt('store-loop');
    await postForm(survey.answerUrl, { score: '10' });
    const thanks = await eventually(async () => {
      const mails = (await inbox(urls.ses, survey.customer)).filter(
        (m) => m.subject === 'Thank you from Acme Coffee Loop',
      );
      return mails.length === 1 ? mails[0] : undefined;
    }, 'the thank-you');
    expect(thanks?.body.text).toContain('https://acme.example/refer');
    const [promoter] = await eventually(async () => {
      const found = await events('Promoter Identified', survey.surveyId);
      return found.length === 1 ? found : undefined;
    }, 'Promoter Identified');
    expect(promoter).toMatchObject({
      score: 10,
      thankYouSent: true,
      referralUrl: 'https://acme.example/refer',
      customer: { id: survey.detail.customer.id, email: survey.customer },
      trigger: { type: 'order', id: survey.detail.orderId },
    });
    expect((await apiCase(survey.surveyId)).status).toBe(404);
    expect(await mailAbout('alerts@acme.example', survey.customer)).toHaveLength(0);
  });

  it('opens one case when a passive becomes a detractor, and notes it, without a thank-you, when they turn promoter', async () => {
    const survey = await surveyAt('store-loop');
    // Passive first: nothing to do (no review page at this store), and nothing written to remember it by.
    await postForm(survey.answerUrl, { score: '7' });
    await quiet([survey.surveyId, survey.customer]);
    expect(await inbox(urls.ses, survey.customer)).toHaveLength(1);
    const { Item: loopState } = await dynamo.send(
      new GetCommand({ TableName: 'closeloop', Key: { pk: `SURVEY#${survey.surveyId}`, sk: 'LOOP' } }),
    );
    expect(loopState).toBeUndefined();

    await postForm(survey.answerUrl, { score: '4', comment: 'Actually, the beans were stale' });
    await eventually(async () => ((await apiCase(survey.surveyId)).status === 200 ? true : undefined), 'the case');
    await postForm(survey.answerUrl, { score: '5', comment: 'Actually, the beans were stale' });
    await eventually(async () => {
      const { body } = await apiCase(survey.surveyId);
      return (body.notes as unknown[]).length === 1 ? true : undefined;
    }, 'the change noted');
    await postForm(survey.answerUrl, { score: '10', comment: 'You called me, all good now' });
    await eventually(
      async () => ((await events('Promoter Identified', survey.surveyId)).length === 1 ? true : undefined),
      'Promoter Identified',
    );
    await quiet([survey.surveyId, survey.customer]);

    const mails = await inbox(urls.ses, survey.customer);
    expect(mails.map((m) => m.subject)).toEqual([
      'How likely are you to recommend Acme Coffee Loop?',
      'We are sorry – Acme Coffee Loop will be in touch',
    ]);
    expect(await mailAbout('alerts@acme.example', survey.customer)).toHaveLength(1);
    expect(await events('Detractor Identified', survey.surveyId)).toHaveLength(1);
    const { body } = await apiCase(survey.surveyId);
    expect(body).toMatchObject({ status: 'open', answer: { score: 10 } });
    expect((body.notes as { text: string }[]).map((n) => n.text)).toEqual([
      'The customer changed their answer from 4 to 5/10 (detractor)',
      'The customer changed their answer from 5 to 10/10 (promoter): "You called me, all good now"',
    ]);
    expect((await events('Promoter Identified', survey.surveyId))[0]).toMatchObject({ thankYouSent: false });
  });
});

describe('review invitations', () => {
  it('go to every respondent when the store has a review page, never only to promoters', async () => {
    const [detractor, passive, promoter] = await Promise.all([
      surveyAt('store-reviews'),
      surveyAt('store-reviews'),
      surveyAt('store-reviews'),
    ]);
    await postForm(detractor.answerUrl, { score: '0' });
    await postForm(passive.answerUrl, { score: '8' });
    await postForm(promoter.answerUrl, { score: '9' });
    const second = (survey: { customer: string }) =>
      eventually(async () => {
        const mails = await inbox(urls.ses, survey.customer);
        return mails.length === 2 ? mails[1] : undefined;
      }, `the closing email to ${survey.customer}`);
    const [sorry, thanks, thankYou] = await Promise.all([second(detractor), second(passive), second(promoter)]);
    expect(sorry?.subject).toBe('We are sorry – Acme Coffee Reviews will be in touch');
    expect(sorry?.body.text).toContain('within 3 days');
    expect(thanks?.subject).toBe('Thank you for your answer');
    expect(thankYou?.subject).toBe('Thank you from Acme Coffee Reviews');
    for (const mail of [sorry, thanks, thankYou]) expect(mail?.body.text).toContain('https://reviews.example/acme');
  });
});

describe('the staff API for cases', () => {
  it('lists a store’s open cases by due time, resolves one with a note, and schedules the re-survey', async () => {
    // Prepare: two detractors.
    const first = await surveyAt('store-loop');
    await postForm(first.answerUrl, { score: '0' });
    const second = await surveyAt('store-loop');
    await postForm(second.answerUrl, { score: '6' });
    await eventually(async () => ((await apiCase(second.surveyId)).status === 200 ? true : undefined), 'the cases');

    // Act
    const list = (await (await staffFetch(`${urls.http}/api/cases?storeId=store-loop&status=open`)).json()) as {
      cases: { id: string; dueAt: string }[];
    };
    const resolved = await staffPost(`${urls.http}/api/cases/${first.surveyId}/resolve`, {
      owner: 'kim@acme.example',
      resolution: 'Called the customer and sent a new grinder',
    });
    const again = await staffPost(`${urls.http}/api/cases/${first.surveyId}/resolve`, {
      owner: 'kim@acme.example',
      resolution: 'Called the customer and sent a new grinder',
    });
    const empty = await staffPost(`${urls.http}/api/cases/${second.surveyId}/resolve`, { owner: 'kim@acme.example' });
    const badQuery = await staffFetch(`${urls.http}/api/cases?storeId=store-loop&status=lost`);

    // Assess
    const ids = list.cases.map((c) => c.id);
    expect(ids.indexOf(first.surveyId)).toBeLessThan(ids.indexOf(second.surveyId));
    expect(list.cases.map((c) => c.dueAt)).toEqual([...list.cases.map((c) => c.dueAt)].sort());
    expect(resolved.status).toBe(200);
    expect(((await resolved.json()) as { outcome: string }).outcome).toBe('changed');
    expect(((await again.json()) as { outcome: string }).outcome).toBe('unchanged');
    expect(empty.status).toBe(400);
    expect(badQuery.status).toBe(400);
    const [done] = await eventually(async () => {
      const found = await events('Follow-up Resolved', first.surveyId);
      return found.length === 1 ? found : undefined;
    }, 'Follow-up Resolved');
    expect(done).toMatchObject({ owner: 'kim@acme.example', withinDeadline: true, escalated: false });
    // The store re-surveys 7 days after a resolution: the new survey waits in the due-time index.
    const surveys = await surveysOfCustomer(first.detail.customer.id);
    const resurvey = surveys.find((item) => item.resurveyOf === first.surveyId);
    expect(resurvey?.id).toBe(done?.resurveyId);
    expect(resurvey?.status).toBe('scheduled');
    expect(Date.parse(String(resurvey?.dueAt)) - Date.parse(String(done?.resolvedAt))).toBe(7 * 24 * HOUR);
    const later = (await (await staffFetch(`${urls.http}/api/cases?storeId=store-loop&status=open`)).json()) as {
      cases: { id: string }[];
    };
    expect(later.cases.map((c) => c.id)).not.toContain(first.surveyId);
  });
});
