import { describe, expect, it } from 'vitest';
import { caseList, commentsPage, reasonsReport, themesReport } from '#shared/contracts/staff-api.ts';
import {
  allEmails,
  eventually,
  localClients,
  purchaseDetail,
  putPurchase,
  quiet,
  staffFetch,
  unique,
} from '../support/runtime.ts';
import { postJson, surveyIdOf } from '../support/surveys.ts';

const { urls, eventBridge } = localClients();

/** A purchase of a customer in `locale` at `storeId`, and the answer link of its survey. */
async function surveyFor(storeId: string, locale: string) {
  const email = `${unique('outer')}@example.com`;
  await putPurchase(
    eventBridge,
    purchaseDetail({ storeId, customer: { id: unique('cus'), email, name: 'Kim', locale } }),
  );
  const sent = await eventually(
    async () => (await allEmails(urls.ses)).find((e) => e.destination.to.includes(email)),
    'the survey',
  );
  const surveyId = surveyIdOf(sent);
  const token = /\/s\/([^"?&]+)/.exec(sent.body.html ?? '')?.[1] ?? '';
  return { surveyId, answerUrl: `${urls.http}/s/${token}` };
}

const eventsOf = async (detailType: string, surveyId: string) =>
  (
    (await (await fetch(`${urls.events}/events?detail-type=${encodeURIComponent(detailType)}`)).json()) as {
      event: { detail: Record<string, unknown> };
    }[]
  )
    .map(({ event }) => event.detail)
    .filter((detail) => detail.surveyId === surveyId);

const byId = <T extends { id: string }>(rows: readonly T[]) => Object.fromEntries(rows.map((row) => [row.id, row]));

describe('the outer loop: reasons, themes of comments, root causes', () => {
  it('counts reasons and themes in English, German, Japanese and Arabic exactly, and moves them with a changed answer', async () => {
    const storeId = unique('store-outer');
    // Six answers on one day: scores, the reasons picked, and comments whose themes are known.
    const given = [
      { locale: 'en', score: 3, reasons: ['delivery'], comment: 'The parcel arrived late' }, // delivery
      { locale: 'de', score: 2, reasons: ['product'], comment: 'Die Mühle war kaputt' }, // product
      { locale: 'ja', score: 9, comment: '配送が早くて、コーヒーが美味しい' }, // delivery, product
      { locale: 'ar', score: 7, reasons: ['price'], comment: 'السعر مرتفع' }, // price
      { locale: 'en', score: 10, comment: 'Great coffee <b>really</b>' }, // product
      { locale: 'de', score: 8, reasons: ['delivery'], comment: 'Die Lieferung war nicht verspätet' }, // delivery
    ];
    const surveys: { surveyId: string; answerUrl: string }[] = [];
    for (const answer of given) surveys.push(await surveyFor(storeId, answer.locale));
    for (const [i, { locale: _, ...answer }] of given.entries()) {
      const response = await postJson(surveys[i]?.answerUrl ?? '', answer);
      expect(response.status, JSON.stringify(answer)).toBe(200);
    }
    await quiet([storeId, ...surveys.map((s) => s.surveyId)]);

    const report = async <T>(kind: 'themes' | 'reasons', parse: { parse: (v: unknown) => T }) =>
      parse.parse(
        await (await staffFetch(`${urls.http}/api/reports/${kind}?program=purchase-nps&storeId=${storeId}`)).json(),
      );
    // Six answers: two promoters, two passives, two detractors: NPS 0.
    const themesAll = await report('themes', themesReport);
    const themes = byId(themesAll.themes);
    expect(themes.delivery).toMatchObject({ responses: 3, share: 50, score: 0, impact: 0 });
    expect(themes.delivery?.classes).toEqual({ detractor: 1, passive: 1, promoter: 1 });
    // product: 2, 9, 10 → +33.3 against 3, 7, 8 → −33.3
    expect(themes.product).toMatchObject({ responses: 3, share: 50, score: 33.3, impact: 66.7 });
    expect(themes.price).toMatchObject({ responses: 1, share: 16.7, score: 0, impact: 0 });
    expect(Object.keys(themes).sort()).toEqual(['delivery', 'price', 'product']);

    const reasons = byId((await report('reasons', reasonsReport)).reasons);
    // delivery: 3, 8 → −50 against 2, 9, 7, 10 → +25
    expect(reasons.delivery).toMatchObject({ responses: 2, share: 33.3, score: -50, impact: -75 });
    expect(reasons.product).toMatchObject({ responses: 1, share: 16.7, score: -100, impact: -120 });
    expect(reasons.price).toMatchObject({ responses: 1, share: 16.7, score: 0, impact: 0 });

    // The detractor's alert and event carry the reason and the theme.
    const [detractor] = await eventually(async () => {
      const found = await eventsOf('Detractor Identified', surveys[0]?.surveyId ?? '');
      return found.length > 0 ? found : undefined;
    }, 'Detractor Identified');
    expect(detractor).toMatchObject({ reasons: ['delivery'], themes: ['delivery'] });
    // The summary is the staff alert's text (this store alerts nobody by email; the browser test reads one).
    expect(String(detractor?.summary)).toContain('Reasons: Delivery');
    expect(String(detractor?.summary)).toContain('Themes: delivery');
    // The first customer changes their mind: 8, for the price. The comment (and its theme) stay; nothing counts twice.
    expect(
      (
        await postJson(surveys[0]?.answerUrl ?? '', {
          score: 8,
          reasons: ['price'],
          comment: 'The parcel arrived late',
        })
      ).status,
    ).toBe(200);
    await quiet([surveys[0]?.surveyId ?? '']);
    const after = byId((await report('reasons', reasonsReport)).reasons);
    expect(Object.fromEntries(Object.entries(after).map(([id, row]) => [id, row.responses]))).toEqual({
      delivery: 1,
      price: 2,
      product: 1,
    });
    const themesAfter = byId((await report('themes', themesReport)).themes);
    // delivery: 8, 9, 8 → +33.3 against 2, 7, 10 → 0
    expect(themesAfter.delivery).toMatchObject({ responses: 3, score: 33.3, impact: 33.3 });
    // Comments by theme and by reason; the export carries both.
    const comments = async (filter: string) =>
      commentsPage
        .parse(await (await staffFetch(`${urls.http}/api/reports/comments?storeId=${storeId}&${filter}`)).json())
        .comments.map((c) => c.comment)
        .sort();
    expect(await comments('theme=product')).toEqual(
      ['Die Mühle war kaputt', 'Great coffee <b>really</b>', '配送が早くて、コーヒーが美味しい'].sort(),
    );
    expect(await comments('reason=price')).toEqual(['The parcel arrived late', 'السعر مرتفع'].sort());
    const csv = await (await staffFetch(`${urls.http}/api/reports/responses.csv?storeId=${storeId}`)).text();
    expect(csv.split('\r\n')[0]).toContain('reasons,themes');
    expect(csv).toContain('delivery;product');
    expect((await eventsOf('Survey Answered', surveys[0]?.surveyId ?? '')).at(-1)).toMatchObject({
      reasons: ['price'],
      themes: ['delivery'],
      replaced: true,
    });
  });

  it('refuses reasons not offered for the score, changing nothing', async () => {
    const storeId = unique('store-outer');
    const survey = await surveyFor(storeId, 'en');
    for (const answer of [
      { score: 2, reasons: ['nope'] },
      { score: 10, reasons: ['delivery'] }, // promoters are asked no reason
      { score: 3, reasons: ['delivery', 'price'] }, // one reason only
    ]) {
      const response = await postJson(survey.answerUrl, answer);
      expect(response.status, JSON.stringify(answer)).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain('reasons');
    }
    expect(await eventsOf('Survey Answered', survey.surveyId)).toEqual([]);
  });

  it('takes a root cause from the configured list when a case is resolved, and counts it', async () => {
    const storeId = unique('store-outer');
    const survey = await surveyFor(storeId, 'en');
    expect((await postJson(survey.answerUrl, { score: 1, reasons: ['service'] })).status).toBe(200);
    const caseId = await eventually(async () => {
      const list = caseList().parse(await (await staffFetch(`${urls.http}/api/cases?storeId=${storeId}`)).json());
      return list.cases[0]?.id;
    }, 'the case');
    const resolve = (body: object) =>
      staffFetch(`${urls.http}/api/cases/${caseId}/resolve`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
    const refused = await resolve({ resolution: 'Called them', rootCause: 'weather' });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(
      'rootCause: one of product, delivery',
    );
    expect((await resolve({ resolution: 'Called them', rootCause: 'service' })).status).toBe(200);
    await quiet([storeId]);
    const report = reasonsReport.parse(
      await (await staffFetch(`${urls.http}/api/reports/reasons?program=purchase-nps&storeId=${storeId}`)).json(),
    );
    expect(report.rootCauses).toEqual([{ id: 'service', cases: 1 }]);
    // Resolving again with the same note changes nothing and counts nothing more.
    expect((await resolve({ resolution: 'Called them', rootCause: 'service' })).status).toBe(200);
    const again = reasonsReport.parse(
      await (await staffFetch(`${urls.http}/api/reports/reasons?program=purchase-nps&storeId=${storeId}`)).json(),
    );
    expect(again.rootCauses).toEqual([{ id: 'service', cases: 1 }]);
    const [resolved] = await eventsOf('Follow-up Resolved', survey.surveyId);
    expect(resolved).toMatchObject({ rootCause: 'service', resolution: 'Called them' });
  });
});
