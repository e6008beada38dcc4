import { describe, expect, it } from 'vitest';
import {
  breakdownReport,
  commentsPage,
  distributionReport,
  summaryReport,
  trendReport,
} from '#shared/contracts/staff-api.ts';
import { eventually, inbox, localClients, putTicket, staffFetch, ticketDetail, unique } from '../support/runtime.ts';
import { postForm, storedResponse, surveyEmail } from '../support/surveys.ts';

const { urls, eventBridge } = localClients();
const DAY = 86_400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);
/** Yesterday to tomorrow: every answer of this run falls in it, even one that crosses midnight UTC. */
const period = `from=${isoDay(Date.now() - DAY)}&to=${isoDay(Date.now() + DAY)}`;

async function report<T>(path: string, schema: { parse: (value: unknown) => T }): Promise<T> {
  const response = await staffFetch(`${urls.http}${path}`);
  expect(response.status, `${path}: ${response.status}`).toBe(200);
  // Every answer matches the schema the OpenAPI document publishes.
  return schema.parse(await response.json());
}

/** Answers a survey; `then` changes the answer afterwards, as a customer may within the change window. */
async function answer(
  answerUrl: string,
  surveyId: string,
  fields: Record<string, string>,
  then?: Record<string, string>,
) {
  expect((await postForm(answerUrl, fields)).status).toBe(200);
  if (then) expect((await postForm(answerUrl, then)).status).toBe(200);
  const last = then ?? fields;
  await eventually(
    async () => ((await storedResponse(surveyId))?.score === Number(last.score) ? true : undefined),
    'the answer stored',
  );
}

async function ticketSurvey(storeId: string, agent: { id: string; name: string }) {
  const detail = ticketDetail({ storeId, agent });
  await putTicket(eventBridge, detail);
  const [email] = await eventually(async () => {
    const emails = await inbox(urls.ses, detail.customer.email);
    return emails.length > 0 ? emails : undefined;
  }, 'the CSAT email');
  const link = /href="([^"]+)"/.exec(email?.body.html ?? '')?.[1]?.replaceAll('&amp;', '&') ?? '';
  const token = new URL(link).pathname.split('/')[2] ?? '';
  return { answerUrl: `${urls.http}/s/${token}`, surveyId: token.split('.')[2] ?? '' };
}

describe('reports over a scripted set of answers', () => {
  it('matches the hand-computed NPS, distribution, trend, response rate and store breakdown, changed answers included', async () => {
    // Prepare: eight purchases at a store of the test's own; seven answered, two of them changed afterwards
    const storeId = unique('store-nps');
    const marker = unique('zebra');
    const surveys = [];
    for (let i = 0; i < 8; i++) surveys.push(await surveyEmail({ storeId }));
    const script: [Record<string, string>, Record<string, string>?][] = [
      [{ score: '10', comment: `Superb beans ${marker}` }],
      [{ score: '9' }],
      [{ score: '9', comment: `=HYPERLINK("http://evil.example","win") ${marker}` }],
      [{ score: '8', comment: `Fine, "mostly"\nand on time ${marker}` }],
      [{ score: '7' }, { score: '3', comment: `Cold on arrival ${marker}` }],
      [{ score: '2', comment: `Broken grinder ${marker}` }],
      [{ score: '6' }, { score: '9' }],
    ];
    // Act
    for (const [i, [first, then]] of script.entries()) {
      const survey = surveys[i] as (typeof surveys)[number];
      await answer(survey.answerUrl, survey.surveyId, first, then);
    }

    // Assess: by hand — final scores 10, 9, 9, 8, 3, 2, 9: promoters 4, passives 1, detractors 2 of 7;
    // NPS = (4 − 2) / 7 × 100 = 28.571… → 28.6; sent 8, answered 7 → 87.5 %
    const scope = `program=purchase-nps&storeId=${storeId}&${period}`;
    const { summary } = await eventually(async () => {
      const found = await report(`/api/reports/summary?${scope}`, summaryReport);
      return found.summary.sent === 8 ? found : undefined;
    }, 'eight surveys counted as sent');
    expect(summary).toEqual({
      metric: 'nps',
      responses: 7,
      promoters: 4,
      passives: 1,
      detractors: 2,
      nps: 28.6,
      sent: 8,
      responseRate: 87.5,
    });
    const distribution = await report(`/api/reports/distribution?${scope}`, distributionReport);
    expect(Object.fromEntries(distribution.scores.map((s) => [s.score, s.count]))).toEqual({
      0: 0,
      1: 0,
      2: 1,
      3: 1,
      4: 0,
      5: 0,
      6: 0,
      7: 0,
      8: 1,
      9: 3,
      10: 1,
    });
    const days = await report(`/api/reports/trend?${scope}&interval=day`, trendReport);
    expect(days.points).toHaveLength(3);
    const answeredDays = days.points.filter((point) => point.responses > 0);
    expect(answeredDays.reduce((n, point) => n + point.responses, 0)).toBe(7);
    if (answeredDays.length === 1) expect(answeredDays[0]).toMatchObject({ nps: 28.6, responses: 7 });
    const weeks = await report(`/api/reports/trend?${scope}&interval=week`, trendReport);
    expect(weeks.points.every((point) => new Date(`${point.start}T00:00:00Z`).getUTCDay() === 1)).toBe(true);
    expect(weeks.points.reduce((n, point) => n + point.responses, 0)).toBe(7);
    const stores = await report(`/api/reports/breakdown?program=purchase-nps&by=store&${period}`, breakdownReport);
    expect(stores.rows.find((row) => row.storeId === storeId)).toMatchObject({ responses: 7, nps: 28.6, sent: 8 });

    // Comments: newest first, searchable in any case, by class, a page at a time across all stores
    const detractors = await report(`/api/reports/comments?storeId=${storeId}&class=detractor&${period}`, commentsPage);
    expect(detractors.comments.map((c) => c.comment?.split(' ')[0])).toEqual(['Broken', 'Cold']);
    const first = await report(`/api/reports/comments?q=${marker.toUpperCase()}&limit=3&${period}`, commentsPage);
    expect(first.comments).toHaveLength(3);
    expect(first.cursor).toBeDefined();
    const second = await report(
      `/api/reports/comments?q=${marker}&limit=3&cursor=${first.cursor}&${period}`,
      commentsPage,
    );
    const all = [...first.comments, ...second.comments];
    expect(all).toHaveLength(5);
    expect(new Set(all.map((c) => c.surveyId)).size).toBe(5);
    expect(all.map((c) => c.answeredAt)).toEqual([...all.map((c) => c.answeredAt)].sort().reverse());
    expect(all.find((c) => c.comment?.startsWith('Cold'))).toMatchObject({ score: 3, class: 'detractor', version: 2 });

    // CSV: RFC 4180 records, the formula neutralized, quotes doubled, the newline kept inside quotes
    const csvResponse = await staffFetch(`${urls.http}/api/reports/responses.csv?${scope}`);
    const csv = await csvResponse.text();
    expect(csvResponse.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csvResponse.headers.get('x-closeloop-rows')).toBe('7');
    expect(csv.startsWith('surveyId,program,metric,storeId,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv).toContain(`,"'=HYPERLINK(""http://evil.example"",""win"") ${marker}",`);
    expect(csv).toContain(`,"Fine, ""mostly""\nand on time ${marker}",`);
    expect(csv).not.toMatch(/,=HYPERLINK/);
  });

  it('counts CSAT and CES per agent, with changed answers moved between scores', async () => {
    // Prepare: two agents of the test's own at one store; agent A 3 tickets, agent B 3 (one unanswered)
    const storeId = unique('store-csat');
    const a = { id: unique('agent-a'), name: 'Alex' };
    const b = { id: unique('agent-b'), name: 'Bo' };
    const surveysA = [await ticketSurvey(storeId, a), await ticketSurvey(storeId, a), await ticketSurvey(storeId, a)];
    const surveysB = [await ticketSurvey(storeId, b), await ticketSurvey(storeId, b), await ticketSurvey(storeId, b)];
    const [a1, a2, a3] = surveysA as [(typeof surveysA)[0], (typeof surveysA)[0], (typeof surveysA)[0]];
    const [b1, b2] = surveysB as [(typeof surveysB)[0], (typeof surveysB)[0]];

    // Act
    await answer(a1.answerUrl, a1.surveyId, { score: '5', ces: '6' });
    await answer(a2.answerUrl, a2.surveyId, { score: '4' });
    await answer(a3.answerUrl, a3.surveyId, { score: '2', ces: '3' }, { score: '4', ces: '5' });
    await answer(b1.answerUrl, b1.surveyId, { score: '1', ces: '2' });
    await answer(b2.answerUrl, b2.surveyId, { score: '3' });

    // Assess: scores 5, 4, 4, 1, 3 → satisfied 3 of 5 = 60.0; CES 6, 5, 2 → 13 / 3 = 4.33; sent 6, answered 5
    const scope = `program=ticket-csat&storeId=${storeId}&${period}`;
    const { summary } = await eventually(async () => {
      const found = await report(`/api/reports/summary?${scope}`, summaryReport);
      return found.summary.sent === 6 ? found : undefined;
    }, 'six surveys counted as sent');
    expect(summary).toEqual({
      metric: 'csat',
      responses: 5,
      satisfied: 3,
      csat: 60,
      ces: { responses: 3, average: 4.33 },
      sent: 6,
      responseRate: 83.3,
    });
    const agents = await report(`/api/reports/breakdown?${scope}&by=agent`, breakdownReport);
    expect(agents.rows).toEqual([
      expect.objectContaining({
        agentId: a.id,
        agentName: 'Alex',
        responses: 3,
        satisfied: 3,
        csat: 100,
        sent: 3,
        responseRate: 100,
      }),
      expect.objectContaining({
        agentId: b.id,
        agentName: 'Bo',
        responses: 2,
        satisfied: 0,
        csat: 0,
        sent: 3,
        responseRate: 66.7,
      }),
    ]);
    // One agent across stores (gsi1), and one agent at one store (its own rows): the same numbers here
    const agentOnly = await report(`/api/reports/summary?program=ticket-csat&agentId=${b.id}&${period}`, summaryReport);
    const agentAtStore = await report(`/api/reports/summary?${scope}&agentId=${b.id}`, summaryReport);
    expect(agentOnly.summary).toEqual(agentAtStore.summary);
    expect(agentOnly.summary).toMatchObject({ responses: 2, csat: 0, ces: { responses: 1, average: 2 } });
    const distribution = await report(`/api/reports/distribution?${scope}`, distributionReport);
    expect(distribution.scores.map((s) => s.count)).toEqual([1, 0, 1, 2, 1]);
    expect(distribution.ces?.map((s) => s.count)).toEqual([0, 1, 0, 0, 1, 1, 0]);
  });

  it('refuses a bad query with the field named, and reads nothing', async () => {
    const cases = [
      ['/api/reports/summary', 'program'],
      [`/api/reports/summary?program=purchase-nps&from=2026-02-30`, 'from'],
      [`/api/reports/summary?program=purchase-nps&from=2026-11-20&to=2026-11-01`, 'from'],
      [`/api/reports/summary?program=purchase-nps&from=2020-01-01&to=2026-01-01`, 'from'],
      [`/api/reports/summary?program=no-such-program`, 'program'],
      [`/api/reports/trend?program=purchase-nps&interval=hour`, 'interval'],
      [`/api/reports/breakdown?program=purchase-nps`, 'by'],
      [`/api/reports/comments?cursor=not-a-cursor`, 'cursor'],
      [`/api/reports/comments?limit=1000`, 'limit'],
      [`/api/reports/summary?program=purchase-nps&colour=red`, 'colour'],
    ] as const;
    for (const [path, field] of cases) {
      const response = await staffFetch(`${urls.http}${path}`);
      const body = (await response.json()) as { error: { message: string } };
      expect(response.status, path).toBe(400);
      expect(body.error.message, path).toContain(field);
    }
  });

  it('serves an OpenAPI 3.1 document that names every staff route of the wiring', async () => {
    const { wiring } = await import('#shared/topology/wiring.ts');
    const document = (await (await staffFetch(`${urls.http}/api/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(document.openapi).toBe('3.1.0');
    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const staffRoutes = wiring.http
      .filter((definition) => definition.access.kind === 'staff')
      .flatMap((definition) => definition.routes.map((route) => `${route.method} ${route.path}`));
    expect(documented.sort()).toEqual(staffRoutes.sort());
  });
});
