import { describe, expect, it } from 'vitest';
import { eventually, inbox, localClients, putTicket, ticketDetail } from '../support/runtime.ts';
import { aggregate, answeredEvents, postForm, storedResponse } from '../support/surveys.ts';

const { urls, eventBridge } = localClients();

describe('a closed ticket put on the local bus', () => {
  it('becomes a CSAT email; the page asks CES after the CSAT click; both are counted for the agent', async () => {
    // Prepare
    const detail = ticketDetail();

    // Act: the helpdesk closes the ticket
    const put = await putTicket(eventBridge, detail);
    const [email] = await eventually(async () => {
      const emails = await inbox(urls.ses, detail.customer.email);
      return emails.length > 0 ? emails : undefined;
    }, 'the CSAT email');

    // Assess: five labelled one-click links
    expect(put.FailedEntryCount).toBe(0);
    expect(email?.subject).toBe('How satisfied were you with the support from Acme Coffee?');
    const links = [...(email?.body.html ?? '').matchAll(/href="([^"]+)" aria-label="([^"]+)"/g)].map((m) => ({
      url: (m[1] ?? '').replaceAll('&amp;', '&'),
      label: m[2],
    }));
    expect(links.map((link) => link.label)).toEqual([
      '1 – Very dissatisfied',
      '2 – Dissatisfied',
      '3 – Neutral',
      '4 – Satisfied',
      '5 – Very satisfied',
    ]);
    const answerUrl = (links[1]?.url ?? '').split('?')[0] ?? '';
    const surveyId = new URL(answerUrl).pathname.split('/')[2]?.split('.')[2] ?? '';

    // Act: the customer clicks "2", the page records it, and the thank-you page asks CES
    const page = await (await fetch(links[1]?.url ?? '')).text();
    const thanks = await (await postForm(answerUrl, { score: '2' })).text();

    // Assess
    expect(page).toContain('How satisfied were you with the support you received from Acme Coffee?');
    expect(page).not.toContain('name="ces"');
    expect(thanks).toContain('Acme Coffee made it easy to handle my issue.');
    expect((thanks.match(/name="ces"/g) ?? []).length).toBe(7);

    // Act: the customer answers CES with 3 and a comment
    const changed = await postForm(answerUrl, { score: '2', ces: '3', comment: 'Took three calls.' });

    // Assess: the answer, the day's counters of the ticket program and the event for the agent's team
    expect(changed.status).toBe(200);
    expect(await storedResponse(surveyId)).toMatchObject({ score: 2, ces: 3, comment: 'Took three calls.' });
    expect(await aggregate(detail.storeId, undefined, 'ticket-csat')).toMatchObject({
      responses: 1,
      score_2: 1,
      ces_responses: 1,
      ces_3: 1,
    });
    const events = await eventually(async () => {
      const found = await answeredEvents(surveyId);
      return found.length >= 2 ? found : undefined;
    }, 'Survey Answered for the first answer and the change');
    expect(events.at(-1)).toMatchObject({
      program: 'ticket-csat',
      metric: 'csat',
      score: 2,
      class: 'detractor',
      agentId: 'agent-7',
      replaced: true,
    });
  });
});
