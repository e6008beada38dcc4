import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntimeProcess } from '#local/process.ts';
import { breakdownReport, caseList, commentsPage, trendReport } from '#shared/contracts/staff-api.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'closeloop-demo-'));
let runtime: Awaited<ReturnType<typeof startRuntimeProcess>>;
let demoOutput = '';

/** `npm run demo` as a newcomer runs it, beside a fresh `npm start` on ports of its own. */
function runDemo(args: string[]): Promise<number | null> {
  const port = (url: string) => new URL(url).port;
  const child = spawn(process.execPath, ['scripts/demo.ts', ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      CLOSELOOP_HTTP_PORT: port(runtime.urls.http),
      CLOSELOOP_EVENTS_PORT: port(runtime.urls.events),
      CLOSELOOP_SES_PORT: port(runtime.urls.ses),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => {
    demoOutput += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    demoOutput += chunk.toString();
  });
  return new Promise((done) => child.on('exit', done));
}

const staff = async (path: string) => {
  const response = await fetch(`${runtime.urls.http}${path}`, {
    headers: { authorization: `Bearer ${runtime.urls.staffToken}` },
  });
  expect(response.status, path).toBe(200);
  return response.json();
};

beforeAll(async () => {
  runtime = await startRuntimeProcess({ dataDir });
}, 120_000);
afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run demo on a fresh runtime', () => {
  it('leaves a dashboard with a month of trend, several stores and agents, and cases in every state', async () => {
    // A smaller business than the default (the same replay), for the suite's time.
    expect(await runDemo(['--days', '31', '--per-day', '1', '--customers', '40']), demoOutput).toBe(0);
    expect(demoOutput).toMatch(/\[demo\] done in \d+ s: \d+ purchases and \d+ tickets/);

    // The runtime's clock is back at real time.
    const clock = (await (await fetch(`${runtime.urls.events}/clock`)).json()) as { offsetMs: number };
    expect(clock.offsetMs).toBe(0);

    // The dashboard's default period (the last 30 days): a daily trend with answers on nearly every day.
    const trend = trendReport.parse(await staff('/api/reports/trend?program=purchase-nps&interval=day'));
    const answeredDays = trend.points.filter((point) => point.responses > 0);
    expect(trend.points).toHaveLength(30);
    expect(answeredDays.length).toBeGreaterThanOrEqual(25);

    const stores = breakdownReport.parse(await staff('/api/reports/breakdown?program=purchase-nps&by=store'));
    expect(stores.rows.map((row) => row.storeId).sort()).toEqual(
      ['store-berlin', 'store-dubai', 'store-online', 'store-paris', 'store-tokyo'].sort(),
    );
    const agents = breakdownReport.parse(await staff('/api/reports/breakdown?program=ticket-csat&by=agent'));
    expect(agents.rows.length).toBeGreaterThanOrEqual(4);

    // Cases in every state: open (and some of those escalated), acknowledged, resolved with what was done.
    const cases = async (status: string) =>
      caseList().parse(await staff(`/api/cases?status=${status}&limit=100`)).cases;
    const open = await cases('open');
    expect(open.length).toBeGreaterThan(0);
    expect(open.some((c) => 'escalatedAt' in c)).toBe(true);
    expect((await cases('acknowledged')).some((c) => c.owner)).toBe(true);
    const resolved = await cases('resolved');
    expect(resolved.length).toBeGreaterThan(0);
    expect(resolved.every((c) => (c.resolution ?? '').length > 0)).toBe(true);

    // The outer loop: reasons picked, themes of comments, root causes of resolved cases.
    const reasons = (await staff('/api/reports/reasons?program=purchase-nps')) as {
      reasons: { id: string }[];
      rootCauses: { id: string }[];
    };
    expect(reasons.reasons.length).toBeGreaterThanOrEqual(3);
    expect(reasons.rootCauses.length).toBeGreaterThanOrEqual(1);
    const themes = (await staff('/api/reports/themes?program=purchase-nps')) as { themes: { id: string }[] };
    expect(themes.themes.map((t) => t.id)).toEqual(expect.arrayContaining(['delivery', 'product', 'price']));

    // Comments in several languages, markup among them kept as text.
    const { comments } = commentsPage.parse(await staff('/api/reports/comments?program=purchase-nps&limit=100'));
    const texts = comments.map((c) => c.comment ?? '');
    expect(texts.some((text) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(text))).toBe(true);
    expect(texts.some((text) => /[\u0600-\u06ff]/.test(text))).toBe(true);
    expect(texts.some((text) => /[äöüéèà]/.test(text))).toBe(true);
  }, 300_000);
});
