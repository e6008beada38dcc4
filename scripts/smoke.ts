/**
 * `npm run smoke`: drives closeloop through its public interfaces as a store, a customer and a staff member would —
 * a purchase and a closed ticket put on the bus, their survey emails found, each answered through the HTTP API, the
 * report and the detractor's case read through the staff API — and exits non-zero at the first step that fails.
 *
 * - Against a running `npm start` (the default): URLs from CLOSELOOP_HTTP_PORT / CLOSELOOP_EVENTS_PORT /
 *   CLOSELOOP_SES_PORT as `npm start` reads them; the emails are read from SES local's inbox.
 * - Against a deployed stack: `npm run smoke -- --stack Closeloop-prod [--config config/closeloop.json]`, with AWS
 *   credentials and CLOSELOOP_STAFF_TOKEN (a staff access token, from /sign-in). Customers are SES's mailbox
 *   simulator (`success+…@simulator.amazonses.com`): no person is mailed and no reputation is touched. The survey is
 *   read from the table and its link signed with the deployment's key, as the sending function does.
 * `--store <id>` uses a configured store instead of a `smoke-…` one (for a deployment without a `*` store).
 */
import { parseArgs } from 'node:util';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { loadConfigFile } from '../shared/config/load.ts';
import { TRIGGERS } from '../shared/config/schema.ts';
import { awsTarget, localTarget, type SmokeTarget } from './smoke-targets.ts';

const { values } = parseArgs({
  options: {
    stack: { type: 'string' },
    config: { type: 'string' },
    store: { type: 'string' },
    timeout: { type: 'string', default: '300' },
  },
});
const deadlineMs = Number(values.timeout) * 1000;
const target: SmokeTarget = values.stack
  ? await awsTarget(values.stack, values.config ?? 'config/closeloop.json')
  : await localTarget(values.config ?? process.env.CLOSELOOP_CONFIG ?? 'config/local.json');
const config = loadConfigFile(target.configFile);
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
// A store of its own by default (served by the `*` store), so its answers stay apart from real stores' reports.
const storeId = values.store ?? `smoke-${run}`;
const step = (line: string) => console.log(`[smoke] ${line}`);

/** How far back an event must have happened for its survey to be due now, whatever the program's delay. */
const dueNowAt = (trigger: keyof typeof TRIGGERS) => {
  const delays = Object.values(config.programs)
    .filter((program) => program.trigger === trigger)
    .map((program) => program.delay ?? TRIGGERS[trigger].defaultDelayMs);
  return new Date(Date.now() - Math.max(0, ...delays) - 60_000).toISOString();
};

async function until<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${deadlineMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function put(detailType: string, detail: Record<string, unknown>) {
  const bus = new EventBridgeClient(target.eventBridge);
  const result = await bus.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: target.busName,
          Source: 'closeloop.smoke',
          DetailType: detailType,
          Detail: JSON.stringify(detail),
        },
      ],
    }),
  );
  if (result.FailedEntryCount) throw new Error(`The bus refused ${detailType}: ${JSON.stringify(result.Entries)}`);
}

async function answer(link: string, fields: Record<string, string>) {
  const response = await fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(fields).toString(),
  });
  if (response.status !== 200)
    throw new Error(`POST ${new URL(link).pathname.slice(0, 12)}… answered ${response.status}`);
}

async function staff<T>(path: string): Promise<T> {
  const response = await fetch(`${target.http}${path}`, { headers: { authorization: `Bearer ${target.staffToken}` } });
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

try {
  step(`${target.describe}; store ${storeId}`);
  const buyer = { id: `cus-${run}-1`, email: target.customerEmail(`${run}-buyer`), name: 'Smoke Buyer', locale: 'en' };
  const orderId = `ord-${run}`;
  await put('Purchase Completed', {
    orderId,
    storeId,
    customer: buyer,
    total: 12.5,
    currency: 'EUR',
    items: [{ sku: 'smoke', quantity: 1 }],
    occurredAt: dueNowAt('Purchase Completed'),
  });
  const helped = {
    id: `cus-${run}-2`,
    email: target.customerEmail(`${run}-ticket`),
    name: 'Smoke Ticket',
    locale: 'en',
  };
  const ticketId = `T-${run}`;
  const closedAt = dueNowAt('Ticket Closed');
  await put('Ticket Closed', {
    ticketId,
    storeId,
    customer: helped,
    agent: { id: 'smoke-agent', name: 'Smoke' },
    channel: 'email',
    subject: 'closeloop smoke test',
    openedAt: new Date(Date.parse(closedAt) - 3_600_000).toISOString(),
    closedAt,
  });
  step('purchase and closed ticket put on the bus');

  const purchaseLink = await until('the purchase survey', () =>
    target.surveyLink(config, storeId, buyer.email, { type: 'order', id: orderId }),
  );
  const ticketLink = await until('the ticket survey', () =>
    target.surveyLink(config, storeId, helped.email, { type: 'ticket', id: ticketId }),
  );
  step('both survey emails sent');

  await answer(purchaseLink, { score: '2', comment: 'closeloop smoke test: a detractor' });
  await answer(ticketLink, { score: '5' });
  step('answered: NPS 2 (a detractor) and CSAT 5');

  for (const [trigger, expected] of [
    ['Purchase Completed', 'detractors'],
    ['Ticket Closed', 'satisfied'],
  ] as const) {
    for (const [programId, program] of Object.entries(config.programs)) {
      if (program.trigger !== trigger) continue;
      const report = await until(`the ${programId} answer in the report`, async () => {
        const { summary } = await staff<{ summary: Record<string, number> }>(
          `/api/reports/summary?program=${programId}&storeId=${storeId}`,
        );
        return (summary.responses ?? 0) >= 1 && (summary[expected] ?? 0) >= 1 ? summary : undefined;
      });
      step(`report ${programId}: ${report.responses} answer, ${report[expected]} ${expected}`);
    }
  }
  const followUp = await until('the detractor case', async () => {
    const { cases } = await staff<{ cases: { id: string; customer: { id: string }; dueAt: string }[] }>(
      `/api/cases?storeId=${storeId}`,
    );
    return cases.find((c) => c.customer.id === buyer.id);
  });
  step(`case ${followUp.id} opened for the detractor, due ${followUp.dueAt}`);
  step('passed');
} catch (error) {
  console.error(`[smoke] FAILED: ${(error as Error).message}`);
  process.exit(1);
}
