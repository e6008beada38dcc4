import { parseArgs } from 'node:util';
import { localCloseloop, localUrls } from './demo/local-closeloop.ts';
import { replay } from './demo/replay.ts';

/**
 * `npm run demo [-- --days 42 --per-day 3 --customers 100 --seed 7]`: fills the running local closeloop (`npm start`) with a
 * realistic stretch of business, through its public interfaces only (the bus, the customers' inbox and links, the
 * staff API) on the runtime's clock, so that the dashboard has trends, breakdowns and cases in every state. Reads
 * the port variables `npm start` reads. Meant for a fresh runtime: a second run replays the same days again, and the
 * fatigue rules skip most of its surveys.
 */
const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '42' },
    seed: { type: 'string', default: '7' },
    customers: { type: 'string', default: '100' },
    'per-day': { type: 'string', default: '3' },
  },
});
const number = (name: keyof typeof values, min: number, max: number, whole = true) => {
  const value = Number(values[name]);
  if (!Number.isFinite(value) || (whole && !Number.isInteger(value)) || value < min || value > max) {
    console.error(
      `[demo] --${name} must be a ${whole ? 'whole ' : ''}number from ${min} to ${max}; got ${values[name]}`,
    );
    process.exit(2);
  }
  return value;
};
const options = {
  days: number('days', 1, 180),
  seed: number('seed', 1, 2 ** 31),
  customersPerStore: number('customers', 5, 1000),
  perDay: number('per-day', 0.1, 50, false),
  log: (line: string) => console.log(`[demo] ${line}`),
};

const closeloop = localCloseloop(localUrls());
try {
  await closeloop.ready();
  const started = Date.now();
  options.log(`replaying ${options.days} days of five coffee shops on ${closeloop.urls.http} …`);
  const tally = await replay(closeloop, options);
  const cases = await closeloop.staff<{ cases: { status: string; escalatedAt?: string }[] }>(
    'lena',
    '/api/cases?status=open,acknowledged,resolved&limit=100',
  );
  const count = (status: string) => cases.cases.filter((c) => c.status === status).length;
  options.log(
    `done in ${Math.round((Date.now() - started) / 1000)} s: ${tally.purchases} purchases and ${tally.tickets} tickets; ` +
      `${tally.surveys} survey emails and ${tally.reminders} reminders; ${tally.answers} answers (${tally.comments} with a comment); ` +
      `${tally.unsubscribes} unsubscribed`,
  );
  options.log(
    `latest 100 cases: ${count('open')} open (${cases.cases.filter((c) => c.status === 'open' && c.escalatedAt).length} escalated), ` +
      `${count('acknowledged')} acknowledged, ${count('resolved')} resolved`,
  );
  options.log(`open ${closeloop.urls.http}/sign-in with the staff token npm start printed, or the dashboard directly:`);
  options.log(`${closeloop.urls.http}/dashboard   (skips and their reasons: ${closeloop.urls.events}/events)`);
} catch (error) {
  console.error(`[demo] ${(error as Error).message}`);
  process.exit(1);
}
