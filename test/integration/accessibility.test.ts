import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { eventually, inbox, localClients, putTicket, ticketDetail } from '../support/runtime.ts';
import { postForm, surveyEmail } from '../support/surveys.ts';

const { urls, eventBridge } = localClients();
const WIDTHS = [390, 1280] as const;

/**
 * Every axe-core rule for WCAG 2.1 A and AA (and best practice) that fails on the page, by rule id and where; and
 * how many rules applied and passed, so that a page axe could not read never passes for an accessible one.
 */
async function audit(page: Page) {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  const violations = result.violations.map(
    (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
  return { violations, passed: result.passes.length };
}

/** A CSAT survey (which asks CES next) and the link of its "2". */
async function csatLink() {
  const detail = ticketDetail();
  await putTicket(eventBridge, detail);
  const [email] = await eventually(async () => {
    const emails = await inbox(urls.ses, detail.customer.email);
    return emails.length > 0 ? emails : undefined;
  }, 'the CSAT email');
  const links = [...(email?.body.html ?? '').matchAll(/href="([^"]+\/s\/[^"]+)"/g)].map((m) =>
    (m[1] ?? '').replaceAll('&amp;', '&'),
  );
  return links[1] ?? '';
}

/** The acknowledge link of the alert the store's staff got about this customer. */
async function caseLink(customerEmail: string) {
  return eventually(async () => {
    const alerts = (await inbox(urls.ses, 'alerts@acme.example')).filter((mail) =>
      (mail.body.text ?? '').includes(customerEmail),
    );
    return /(http:\/\/\S+\/c\/\S+\?action=acknowledge)/.exec(alerts[0]?.body.text ?? '')?.[1];
  }, 'the detractor alert');
}

describe('every page a person sees, checked by axe-core at 390 and 1280 px', () => {
  let browser: Browser;
  const pages: Record<string, (page: Page) => Promise<void>> = {};

  beforeAll(async () => {
    browser = await launchBrowser('person');
    // Prepare: an NPS survey, a CSAT survey, a detractor's case
    const nps = await surveyEmail();
    const csat = await csatLink();
    const detractor = await surveyEmail({ storeId: 'store-loop' });
    await postForm(detractor.answerUrl, { score: '2', comment: 'Cold coffee' });
    const acknowledge = await caseLink(detractor.detail.customer.email as string);
    pages['answer page (NPS)'] = async (page) => {
      await page.goto(nps.links[8] ?? '');
    };
    pages['answer page (CSAT)'] = async (page) => {
      await page.goto(csat);
    };
    pages['CES step (after the CSAT score)'] = async (page) => {
      await page.goto(csat);
      await page.getByRole('button', { name: 'Send my answer' }).click();
      await page.waitForURL(/answered=/);
      await page.locator('input[name="ces"]').first().waitFor({ state: 'attached' });
    };
    pages['finished page'] = async (page) => {
      await page.goto(nps.links[9] ?? '');
      await page.getByRole('button', { name: 'Send my answer' }).click();
      await page.waitForURL(/answered=/);
    };
    pages['unsubscribe page'] = async (page) => {
      await page.goto(nps.unsubscribeUrl);
    };
    pages['case page'] = async (page) => {
      await page.goto(acknowledge);
    };
    pages['sign-in page'] = async (page) => {
      await page.goto(`${urls.http}/sign-in`);
      await page.getByLabel('Staff token').waitFor();
    };
    pages.dashboard = async (page) => {
      await page.goto(`${urls.http}/sign-in`);
      await page.getByLabel('Staff token').fill(inject('runtime').staffToken);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('body[data-loaded="true"]').waitFor({ timeout: 15_000 });
    };
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('reports no violation on the answer, CES, finished, unsubscribe, case, sign-in and dashboard pages', async () => {
    const found: Record<string, string[]> = {};
    const passed: Record<string, number> = {};
    for (const [name, open] of Object.entries(pages))
      for (const width of WIDTHS) {
        const context = await browser.newContext({ viewport: { width, height: 900 } });
        const page = await context.newPage();
        await open(page);
        const result = await audit(page);
        found[`${name} at ${width} px`] = result.violations;
        passed[`${name} at ${width} px`] = result.passed;
        await context.close();
      }
    expect(Object.keys(found)).toHaveLength(16);
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((key) => [key, []])));
    // Every page was read: landmarks, names, contrast, language… each passed rules of its own.
    expect(Math.min(...Object.values(passed))).toBeGreaterThan(10);
  });
});
