import { chromium } from 'playwright-core';

const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Debian's Chromium, headless. `as: 'person'` hides automation (navigator.webdriver is false, as in a customer's
 * browser); `as: 'automation'` leaves it showing, as in the headless browsers link scanners detonate links in.
 */
export function launchBrowser(as: 'person' | 'automation') {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: as === 'person' ? [...BASE_ARGS, '--disable-blink-features=AutomationControlled'] : BASE_ARGS,
  });
}
