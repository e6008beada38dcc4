import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { allEmails, eventually, unique } from '../support/runtime.ts';
import { storedResponse, suppressionOf, surveyEmail } from '../support/surveys.ts';

describe('the answer page in a real browser', () => {
  let browser: Browser;
  let automated: Browser;
  beforeAll(async () => {
    [browser, automated] = await Promise.all([launchBrowser('person'), launchBrowser('automation')]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), automated?.close()]);
  });

  it('records the clicked score with one deliberate action of the person, then offers the comment box', async () => {
    // Prepare
    const survey = await surveyEmail();
    const page = await browser.newPage();
    // Act: what a customer's click in the email does, then one press of the button
    await page.goto(survey.links[9] ?? '');
    expect(await page.getByRole('radio', { name: /^9/ }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Send my answer' }).click();
    // Assess
    await page.getByText('Thank you for your answer!').waitFor({ timeout: 10_000 });
    expect(await storedResponse(survey.surveyId)).toMatchObject({ score: 9, channel: 'web' });
    // The finished page came by GET (post/redirect/get): reloading it posts nothing again.
    expect(new URL(page.url()).search).toBe('?answered=recorded');
    await page.reload();
    await page.getByText('Thank you for your answer!').waitFor();
    expect(await storedResponse(survey.surveyId)).toMatchObject({ score: 9, version: 1 });
    // The next step is in view: the comment box
    await page.getByLabel('Anything you would like to add? (optional)').fill('Lovely <b>beans</b>');
    await page.getByRole('button', { name: 'Send my answer' }).click();
    await page.getByText('Thank you, your answer is updated.').waitFor();
    expect(await storedResponse(survey.surveyId)).toMatchObject({
      score: 9,
      comment: 'Lovely <b>beans</b>',
      version: 2,
    });
    // Finished: changing the answer is folded away until asked for
    expect(await page.getByRole('radio', { name: /^9/ }).isVisible()).toBe(false);
    await page.locator('summary').click();
    expect(await page.getByRole('radio', { name: /^9/ }).isChecked()).toBe(true);
    await page.close();
  });

  it('asks the reason beside a low score; the person picks one, and the staff alert and Detractor Identified carry it', async () => {
    // Prepare: a German customer of a store whose staff get alerts (the reasons are closeloop's own, in every language)
    const email = `${unique('reason')}@example.com`;
    const survey = await surveyEmail({
      storeId: 'store-loop',
      customer: { id: unique('cus'), email, name: 'Jonas', locale: 'de' },
    });
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    // Act: the 2 clicked in the email; the reason question sits under the scale, sent with the score
    await page.goto(survey.links[2] ?? '');
    const question = page.getByRole('group', { name: 'Was war der Hauptgrund für Ihre Bewertung?' });
    await question.getByRole('radio', { name: 'Lieferung' }).check();
    await page.getByLabel('Möchten Sie noch etwas ergänzen? (optional)').fill('Das Paket kam eine Woche zu spät');
    await page.getByRole('button', { name: 'Antwort senden' }).click();
    await page.getByText('Vielen Dank für Ihre Antwort!').waitFor({ timeout: 10_000 });
    // Assess: stored and tagged in one answer
    expect(await storedResponse(survey.surveyId)).toMatchObject({
      score: 2,
      reasons: ['delivery'],
      themes: ['delivery'],
      version: 1,
    });
    // The finished page does not ask again; the reason is there to change with the answer.
    expect(await page.getByRole('group', { name: 'Was war der Hauptgrund für Ihre Bewertung?' }).count()).toBe(0);
    const runtime = inject('runtime');
    const identified = await eventually(async () => {
      const events = (await (await fetch(`${runtime.events}/events?detail-type=Detractor%20Identified`)).json()) as {
        event: { detail: { surveyId: string; reasons?: string[]; summary: string } };
      }[];
      return events.map(({ event }) => event.detail).find((detail) => detail.surveyId === survey.surveyId);
    }, 'Detractor Identified');
    expect(identified.reasons).toEqual(['delivery']);
    expect(identified.summary).toContain('Reasons: Delivery');
    const alert = await eventually(
      async () =>
        (await allEmails(runtime.ses)).find(
          (sent) => sent.destination.to.includes('alerts@acme.example') && (sent.body.text ?? '').includes(email),
        ),
      'the staff alert',
    );
    expect(alert.body.text).toContain('Reasons: Delivery');
    await page.close();
  });

  it('shows the question once and the scale on one row with its labels at its ends, from 320 px, in three scripts', async () => {
    for (const locale of ['en', 'ar', 'ja']) {
      const survey = await surveyEmail({
        customer: { id: unique('cus'), email: `${unique(`scale-${locale}`)}@example.com`, name: 'Ana', locale },
      });
      for (const width of [320, 390, 1280]) {
        const page = await browser.newPage({ viewport: { width, height: 900 } });
        await page.goto(survey.links[0] ?? '');
        // Prepare: the question's words, as the heading says them
        const question = (await page.locator('h1').textContent()) ?? '';
        expect(question.length, `${locale} ${width}`).toBeGreaterThan(10);
        // The question is on screen once (the radio group's legend is for screen readers only)
        const visibleCopies = await page
          .getByText(question, { exact: true })
          .evaluateAll(
            (nodes) =>
              nodes.filter((node) => node.getBoundingClientRect().width * node.getBoundingClientRect().height > 4)
                .length,
          );
        expect(visibleCopies, `${locale} ${width}`).toBe(1);
        // Eleven options on one row, 0 and 10 at the ends (mirrored right to left), each at least 44 px high
        const boxes = await page
          .locator('.scale label')
          .evaluateAll((labels) =>
            labels
              .map((label) => label.getBoundingClientRect())
              .map((r) => ({ x: r.x, y: r.y, h: r.height, w: r.width })),
          );
        expect(boxes, `${locale} ${width}`).toHaveLength(11);
        expect(new Set(boxes.map((b) => Math.round(b.y))).size, `${locale} ${width}: rows`).toBe(1);
        expect(Math.min(...boxes.map((b) => b.h)), `${locale} ${width}`).toBeGreaterThanOrEqual(44);
        expect(Math.min(...boxes.map((b) => b.w)), `${locale} ${width}`).toBeGreaterThanOrEqual(20);
        const [first = 0, last = 0] = [boxes[0]?.x, boxes[10]?.x];
        expect(locale === 'ar' ? first > last : first < last, `${locale} ${width}: direction`).toBe(true);
        // The ends' labels sit at the scale's two ends, on one line
        const ends = await page
          .locator('.ends span')
          .evaluateAll((spans) => spans.map((s) => s.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y })));
        expect(ends, `${locale} ${width}`).toHaveLength(2);
        expect(Math.abs((ends[0]?.y ?? 0) - (ends[1]?.y ?? 0)), `${locale} ${width}: one line`).toBeLessThan(30);
        const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
        expect(overflow, `${locale} ${width}`).toBeLessThanOrEqual(0);
        await page.close();
      }
    }
  });

  it('records at once a score the person picks on the page instead', async () => {
    const survey = await surveyEmail();
    const page = await browser.newPage();
    await page.goto(survey.links[9] ?? '');
    await page.getByRole('radio', { name: /^3/ }).click();
    await page.getByText('Thank you for your answer!').waitFor({ timeout: 10_000 });
    expect(await storedResponse(survey.surveyId)).toMatchObject({ score: 3, channel: 'web' });
    await page.close();
  });

  it('records nothing when a scanner’s browser opens every link, automated or stealthy, scripts and all', async () => {
    const survey = await surveyEmail();
    // A sandbox that shows it is automated, and one that hides it (the flags stealth scanners use), as wide as a desktop
    for (const sandbox of [automated, browser]) {
      const page = await sandbox.newPage({ viewport: { width: 1280, height: 800 } });
      for (const link of survey.links) {
        await page.goto(link);
        await page.getByRole('button', { name: 'Send my answer' }).waitFor();
      }
      // A scanner's script "choosing" a score makes an untrusted event: it records nothing.
      await page.locator('input[name="score"][value="0"]').dispatchEvent('change');
      // the footer's unsubscribe link too: it asks, and a page that is only opened unsubscribes nobody
      await page.goto(survey.unsubscribeUrl);
      await page.getByRole('button', { name: 'Unsubscribe' }).waitFor();
      await page.waitForTimeout(1500);
      await page.close();
    }
    expect(await storedResponse(survey.surveyId)).toBeUndefined();
    expect(await suppressionOf(survey.detail.customer.email)).toBeUndefined();
  });

  it('records nothing without script until the person presses the button', async () => {
    const survey = await surveyEmail();
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(survey.links[4] ?? '');
    await expect(page.getByRole('radio', { name: /^4/ })).toBeTruthy();
    // Give a would-be auto-submit every chance to happen.
    await page.waitForTimeout(1500);
    expect(await storedResponse(survey.surveyId)).toBeUndefined();
    await page.getByRole('button', { name: 'Send my answer' }).click();
    await page.getByText('Thank you for your answer!').waitFor();
    await eventually(
      async () => ((await storedResponse(survey.surveyId))?.score === 4 ? true : undefined),
      'the answer',
    );
    await context.close();
  });
});
