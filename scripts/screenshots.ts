import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { localUrls } from './demo/local-closeloop.ts';

/**
 * `node scripts/screenshots.ts`: the README's dashboard pictures, taken from the running local closeloop (after
 * `npm run demo`) in Chromium at 1280 and 390 px, signed in as a staff member would. Writes docs/images/.
 */
const urls = localUrls();
const out = resolve(import.meta.dirname, '../docs/images');
mkdirSync(out, { recursive: true });
const token = (
  (await (
    await fetch(`${urls.events}/staff-tokens?username=lena&email=lena@acme.example`, { method: 'POST' })
  ).json()) as {
    token: string;
  }
).token;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
try {
  for (const width of [1280, 390]) {
    const page = await browser.newPage({
      viewport: { width, height: width > 600 ? 900 : 844 },
      deviceScaleFactor: width > 600 ? 1 : 2,
      // The demo's first shop is in Berlin: its staff read their own time.
      timezoneId: 'Europe/Berlin',
      locale: 'en-GB',
    });
    await page.goto(`${urls.http}/sign-in`);
    await page.getByLabel('Staff token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('body[data-loaded="true"]').waitFor({ timeout: 30_000 });
    const file = resolve(out, `dashboard-${width}.png`);
    // The whole page on a desktop; on a phone its first screens (cases first, then the comments and the numbers).
    await page.screenshot({
      path: file,
      fullPage: true,
      clip: { x: 0, y: 0, width, height: width > 600 ? 1500 : 1300 },
    });
    console.log(`[screenshots] ${file}`);
    await page.close();
  }
} finally {
  await browser.close();
}
