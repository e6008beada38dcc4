import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { summaryReport } from '#shared/contracts/staff-api.ts';
import { launchBrowser } from '../support/browser.ts';
import { zendeskHeaders } from '../support/connectors.ts';
import { eventually, localClients, staffFetch, unique } from '../support/runtime.ts';
import { postForm, storedResponse, surveyEmail } from '../support/surveys.ts';

const { urls } = localClients();
/** Where the screenshot is kept for a person to look at after the run (CI keeps test-results/). */
const ARTIFACTS = resolve(import.meta.dirname, '../../test-results');

describe('the staff dashboard in a real browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser('person');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the numbers the API reports, the comments and the case, and acknowledges it with a click', async () => {
    // Prepare: four answers at a store of the test's own — 10, 9, 8 and a detractor 5 with a comment
    const storeId = unique('store-dash');
    const scores = ['10', '9', '8', '5'];
    const surveys = [];
    for (const score of scores) {
      const survey = await surveyEmail({ storeId });
      await postForm(
        survey.answerUrl,
        score === '5' ? { score, comment: 'The <b>grinder</b> broke', reasons: 'product' } : { score },
      );
      await eventually(async () => (await storedResponse(survey.surveyId)) ?? undefined, 'the answer');
      surveys.push(survey);
    }
    const detractor = surveys[3] as (typeof surveys)[number];
    await eventually(async () => {
      const response = await staffFetch(`${urls.http}/api/cases/${detractor.surveyId}`);
      return response.status === 200 ? true : undefined;
    }, 'the follow-up case');
    const api = await eventually(async () => {
      const response = await staffFetch(`${urls.http}/api/reports/summary?program=purchase-nps&storeId=${storeId}`);
      const report = summaryReport.parse(await response.json());
      return report.summary.sent === 4 ? report.summary : undefined;
    }, 'four surveys counted as sent');
    expect(api).toMatchObject({ responses: 4, nps: 25, sent: 4, responseRate: 100 });

    // Act: sign in with the staff token and narrow the dashboard to the store
    const page = await browser.newPage({ viewport: { width: 1280, height: 1800 } });
    await page.goto(`${urls.http}/sign-in`);
    await page.getByLabel('Staff token').fill(inject('runtime').staffToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('body[data-loaded="true"]').waitFor({ timeout: 15_000 });
    await page.getByLabel('Store', { exact: true }).fill(storeId);
    await page.getByLabel('Store', { exact: true }).press('Enter');
    await page.locator('body[data-loaded="true"]').waitFor({ timeout: 15_000 });

    // Assess: the cards say what the API says, to the decimal
    const kpi = (name: string) => page.locator(`[data-kpi="${name}"]`).textContent();
    expect(await kpi('nps')).toBe('+25.0');
    expect(await kpi('responses')).toBe(String(api.responses));
    expect(await kpi('promoters')).toBe('2');
    expect(await kpi('passives')).toBe('1');
    expect(await kpi('detractors')).toBe('1');
    expect(await kpi('sent')).toBe('4');
    expect(await kpi('responseRate')).toBe('100.0 %');
    // the charts are labelled images with their numbers in words
    await expect(page.getByRole('img', { name: /NPS by day/ }).count()).resolves.toBe(1);
    expect(await page.locator('#dist-desc').textContent()).toContain('5: 1; 6: 0; 7: 0; 8: 1; 9: 1; 10: 1');
    expect(await page.locator('#stores table').textContent()).toContain(storeId);
    // the comment, as text (never as markup), with its class
    const comment = page.locator('#comment-list li').filter({ hasText: 'grinder' });
    expect(await comment.locator('.comment').textContent()).toBe('The <b>grinder</b> broke');
    expect(await comment.locator('.badge').textContent()).toBe('detractor');

    // What drives detractors: the reason and the theme of the detractor's answer, each opening its comments
    const drivers = page.locator('#drivers');
    expect(await drivers.locator('[data-driver="reason:product"]').count()).toBe(1);
    // its NPS −100 against +66.7 for the rest: an impact of (−1·3 − 2·1) / 3 = −166.7
    const row = drivers.locator('tr').filter({ has: page.locator('[data-driver="theme:product"]') });
    expect(await row.textContent()).toContain('-166.7');
    await drivers.locator('[data-driver="theme:product"]').click();
    await expect.poll(() => page.locator('#comment-list li').count()).toBe(1);
    expect(await page.getByLabel('Theme').inputValue()).toBe('product');

    // Act: acknowledge the case from the dashboard
    const caseItem = page.locator(`[data-case="${detractor.surveyId}"]`);
    await caseItem.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByText('Case acknowledged.').waitFor();

    // Assess: the API has it taken by the signed-in staff member
    const taken = (await (await staffFetch(`${urls.http}/api/cases/${detractor.surveyId}`)).json()) as {
      status: string;
      owner: string;
    };
    expect(taken).toMatchObject({ status: 'acknowledged', owner: 'staff@closeloop.local' });
    // Times show in the viewer's zone, with UTC on hover
    const due = caseItem.locator('time');
    expect(await due.getAttribute('title')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    // Resolve it from the dashboard; it leaves the open cases and shows, with what was done, among the resolved
    await caseItem.getByLabel('What was done').fill('Called & refunded');
    // the root cause is asked for before the case may close
    await caseItem.getByRole('button', { name: 'Resolve' }).click();
    await page.getByText('Choose the root cause before resolving.').waitFor();
    await caseItem.getByLabel('Root cause').selectOption('product');
    await caseItem.getByRole('button', { name: 'Resolve' }).click();
    await page.getByText('Case resolved.').waitFor();
    await page.locator(`[data-case="${detractor.surveyId}"]`).waitFor({ state: 'detached' });
    await page.locator('#cases').getByLabel('Show').selectOption({ label: 'Resolved cases' });
    const resolved = page.locator(`[data-case="${detractor.surveyId}"]`);
    await resolved.waitFor();
    expect(await resolved.locator('.resolution').textContent()).toBe(
      'What was done: Called & refunded (root cause: product)',
    );
    expect(await resolved.getByRole('button').count()).toBe(0);
    // Cases follow the program filter: none of this NPS case under the ticket program
    await page.getByLabel('Program').selectOption('ticket-csat');
    await page.locator(`[data-case="${detractor.surveyId}"]`).waitFor({ state: 'detached' });
    await page.locator('body[data-loaded="true"]').waitFor({ timeout: 15_000 });
    expect(await page.locator(`[data-case="${detractor.surveyId}"]`).count()).toBe(0);
    await page.getByLabel('Program').selectOption('purchase-nps');
    await page.locator('body[data-loaded="true"]').waitFor({ timeout: 15_000 });
    // The closed loop: the one case, answered and resolved within minutes, by the signed-in staff member
    expect(await page.locator('#loop-deadline').getAttribute('value')).toBe('100');
    expect(await page.locator('#loop-deadline-words').textContent()).toBe(
      '100.0 % of 1 detractor case answered within the deadline.',
    );
    expect(await page.locator('[data-loop="cases"]').textContent()).toBe('1');
    expect(await page.locator('[data-loop="resolved"]').textContent()).toBe('100.0 %');
    expect(await page.locator('[data-loop="ack"]').textContent()).toBe('≤ 15 min · ≤ 15 min');
    expect(await page.locator('#loop table').textContent()).toContain('staff@closeloop.local');
    // Loyalty: the four surveys went out today, so none has had its 90 days yet; the panel says so, in words
    expect(await page.locator('#loyalty-words').textContent()).toContain('Promoters: – of 0');
    expect(
      await page
        .locator('#loyalty')
        .getByRole('img', { name: /Bought again within 90 days/ })
        .count(),
    ).toBe(1);
    expect(await page.locator('#loyalty').textContent()).toContain(
      '4 surveys of the period are still within their 90 days: not counted yet.',
    );
    // The export button downloads the store's answers as the API exports them
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const downloaded = readFileSync(await download.path(), 'utf8');
    // A byte-order mark first, so that Excel reads UTF-8
    expect(downloaded.charCodeAt(0)).toBe(0xfeff);
    const csv = downloaded.slice(1);
    const records = csv.split('\r\n').filter(Boolean);
    expect(records[0]).toMatch(/^surveyId,program,metric,storeId,/);
    expect(
      records
        .slice(1)
        .map((record) => record.split(',')[0])
        .sort(),
    ).toEqual(surveys.map((survey) => survey.surveyId).sort());
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: resolve(ARTIFACTS, 'dashboard.png'), fullPage: true });

    // On a phone: nothing wider than the screen, every filter still labelled and reachable by keyboard
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.getByLabel('Program').focus();
    const focused = [await page.evaluate<string>("document.activeElement.getAttribute('name')")];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      focused.push(
        await page.evaluate<string>(
          "document.activeElement.getAttribute('name') || document.activeElement.textContent",
        ),
      );
    }
    expect(focused).toEqual(['program', 'storeId', 'period', 'Refresh']);
    await page.screenshot({ path: resolve(ARTIFACTS, 'dashboard-phone.png'), fullPage: true });
    await page.close();
  });

  it('shows a store manager only their store: its figures, its choices, no sources', async () => {
    // Prepare: a promoter at the manager's store, a detractor at another; a token for the manager's store only
    const [mine, theirs] = [unique('store-mine'), unique('store-theirs')];
    for (const [storeId, score] of [
      [mine, '10'],
      [theirs, '0'],
    ] as const) {
      const survey = await surveyEmail({ storeId });
      await postForm(survey.answerUrl, { score });
      await eventually(async () => (await storedResponse(survey.surveyId)) ?? undefined, 'the answer');
    }
    const minted = await fetch(`${urls.events}/staff-tokens?username=manager&stores=${mine}`, { method: 'POST' });
    const { token } = (await minted.json()) as { token: string };

    // Act
    const page = await browser.newPage({ viewport: { width: 1280, height: 1800 } });
    await page.goto(`${urls.http}/sign-in`);
    await page.getByLabel('Staff token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('body[data-loaded="true"]').waitFor({ timeout: 15_000 });

    // Assess: "all stores" is theirs, said so; the other store is nowhere
    const store = page.getByLabel('Store', { exact: true });
    expect(await store.getAttribute('placeholder')).toBe(`Your stores: ${mine}`);
    expect(
      await page.locator('#store-ids option').evaluateAll((options) => options.map((o) => o.getAttribute('value'))),
    ).toEqual([mine]);
    expect(await page.locator('[data-kpi="nps"]').textContent()).toBe('+100.0');
    expect(await page.locator('[data-kpi="responses"]').textContent()).toBe('1');
    expect(await page.locator('#stores table').textContent()).toContain(mine);
    expect(await page.locator('main').textContent()).not.toContain(theirs);
    expect(await page.locator('#sources').isHidden()).toBe(true);
    await page.close();
  });

  it('shows each connected source, what it delivered, and its latest refusal with the reason', async () => {
    // Prepare: a Zendesk delivery signed with the wrong secret, refused with its reason
    const body = JSON.stringify({ event: 'solved', ticket: { id: unique('t'), updated_at: new Date().toISOString() } });
    const refused = await fetch(`${urls.http}/hooks/zendesk`, {
      method: 'POST',
      body,
      headers: zendeskHeaders(body, 'a-secret-zendesk-never-gave-us'),
    });
    expect(refused.status).toBe(401);

    // Act
    const page = await browser.newPage({ viewport: { width: 1280, height: 1800 } });
    await page.goto(`${urls.http}/sign-in`);
    await page.getByLabel('Staff token').fill(inject('runtime').staffToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('body[data-loaded="true"]').waitFor({ timeout: 15_000 });

    // Assess
    const table = page.getByRole('table', { name: 'What each connected source delivered' });
    const zendesk = table.getByRole('row').filter({ hasText: 'zendesk' });
    expect(Number(await zendesk.locator('td').nth(2).textContent())).toBeGreaterThan(0);
    expect(await table.getByRole('row').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('shopify'), expect.stringContaining('woocommerce')]),
    );
    expect(await page.locator('#sources .refusals').textContent()).toContain('zendesk');
    expect(await page.locator('#sources .refusals').textContent()).toContain('The signature does not match');
    await page.close();
  });

  it('sends a browser without a token to sign in, and refuses a wrong token', async () => {
    const page = await browser.newPage();
    await page.goto(`${urls.http}/sign-in`);
    await page.getByLabel('Staff token').fill('wrong-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('That token was not accepted').waitFor();
    // The dashboard opened directly, without a session: the sign-in, not an error
    await page.goto(`${urls.http}/dashboard`);
    await page.waitForURL(`${urls.http}/sign-in`);
    await page.getByLabel('Staff token').waitFor();
    // … while an API client without a token still gets 401 JSON, and the shell itself holds no data
    const api = await fetch(`${urls.http}/api/programs`);
    expect([api.status, await api.json()]).toEqual([401, { message: 'Unauthorized' }]);
    const shell = await (await fetch(`${urls.http}/dashboard`)).text();
    expect(shell).not.toMatch(/purchase-nps|store-berlin/);
    await page.close();
  });
});
