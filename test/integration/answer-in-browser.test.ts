import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { eventually } from '../support/runtime.ts';
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
    await page.getByLabel('Anything you would like to add? (optional)').fill('Lovely <b>beans</b>');
    await page.getByRole('button', { name: 'Update my answer' }).click();
    await page.getByText('Thank you, your answer is updated.').waitFor();
    expect(await storedResponse(survey.surveyId)).toMatchObject({
      score: 9,
      comment: 'Lovely <b>beans</b>',
      version: 2,
    });
    await page.close();
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
