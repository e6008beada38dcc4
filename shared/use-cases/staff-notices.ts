import { DAY_MS } from '../config/constants.ts';
import { storeFor } from '../config/deployed.ts';
import { programFor } from '../config/programs.ts';
import type { StoreConfig } from '../config/schema.ts';
import { ScoreDropped } from '../contracts/score-dropped.ts';
import { digestWeek, dropPeriods, isoDay, isoWeekOf, previousFourWeeks, scoreDrop, scoreOf } from '../domain/digest.ts';
import { ALL_STORES } from '../domain/store-access.ts';
import { resolveLocale } from '../i18n/locales.ts';
import type { CaseRepository } from '../ports/case-repository.ts';
import type { NoticeMarks } from '../ports/notice-marks.ts';
import type { SendingDeps } from '../ports/sending.ts';
import { mailbox } from '../rendering/address.ts';
import { type DigestProgram, type DigestView, renderDigest, renderDropAlert } from '../rendering/digest-email.ts';
import type { RenderedEmail } from '../rendering/survey-email.ts';
import { caseLink } from './case-staff.ts';
import { loopReport } from './loop-report.ts';
import { type ReportDeps, reasonsReport, summaryReport, themesReport } from './reports.ts';

export interface NoticeDeps extends SendingDeps, ReportDeps {
  cases: Pick<CaseRepository, 'list'>;
  marks: NoticeMarks;
}

/** How long a run holds a notice it is sending: longer than sending one takes. */
const LEASE_MS = 10 * 60 * 1000;

/**
 * The staff notices due at `asOf`, each sent at most once: per store with recipients, the weekly digest of the
 * week before (from Monday `digests.hourUtc`), and per store and program a score-drop alert when the last 7 days
 * fell by `scoreDrop.points` against the 28 before (once per ISO week). A store is one the configuration names, or —
 * when "*" has recipients or a chat — any store with answers in the last five weeks.
 */
export async function sendStaffNotices(deps: NoticeDeps, asOf: Date) {
  let digests = 0;
  let drops = 0;
  const week = digestWeek(asOf, deps.config.digests.hourUtc);
  for (const storeId of await storesToNotify(deps, asOf)) {
    const store = storeFor(deps.config, storeId);
    if (week !== undefined && store.staff.digestRecipients.length > 0)
      digests += await once(deps, `digest#${storeId}#${week.label}`, asOf, () =>
        sendDigest(deps, storeId, store, week),
      );
    for (const program of programsOf(deps, storeId)) {
      // Checked before the mark: a week without a drop leaves none, and a later run checks again.
      const drop = await dropOf(deps, storeId, program, asOf);
      if (drop !== undefined)
        drops += await once(deps, `drop#${storeId}#${program}#${isoWeekOf(asOf).label}`, asOf, () =>
          sendDropAlert(deps, storeId, store, drop, asOf),
        );
    }
  }
  return { digests, drops };
}

/** Sends a notice unless it was sent (or is being sent now); 1 when this run sent it. */
async function once(deps: NoticeDeps, key: string, asOf: Date, send: () => Promise<void>): Promise<number> {
  if (!(await deps.marks.claim(key, deps.clock.now(), LEASE_MS))) return 0;
  await send();
  await deps.marks.sent(key, asOf);
  return 1;
}

const programsOf = (deps: NoticeDeps, storeId: string) =>
  Object.keys(deps.config.programs).filter((id) => programFor(deps.config, id, storeId).enabled);

async function storesToNotify(deps: NoticeDeps, asOf: Date): Promise<string[]> {
  const named = Object.keys(deps.config.stores).filter((id) => id !== '*');
  const anyStore = deps.config.stores['*'];
  const hears = (store: StoreConfig) => store.staff.digestRecipients.length > 0 || store.staff.chatWebhookUrl;
  const stores = new Set(named.filter((id) => hears(storeFor(deps.config, id))));
  if (anyStore !== undefined && hears(anyStore)) {
    const period = { from: isoDay(asOf.getTime() - 35 * DAY_MS), to: isoDay(asOf.getTime()) };
    for (const program of Object.keys(deps.config.programs))
      for (const row of await deps.reports.aggregates({ program, ...period })) stores.add(row.storeId);
  }
  return [...stores].sort();
}

const localeOf = (store: StoreConfig) => resolveLocale(store.staff.locale, store.defaultLocale);

async function sendEach(
  deps: NoticeDeps,
  store: StoreConfig,
  to: readonly string[],
  email: (to: string) => Promise<RenderedEmail>,
  tags: Record<string, string>,
) {
  for (const recipient of to) {
    const rendered = await email(recipient);
    await deps.rateLimiter.acquire();
    await deps.mailer.send({
      to: recipient,
      from: mailbox(store.sender.email, store.sender.name ?? store.brandName),
      ...rendered,
      tags,
    });
  }
}

/** One program's week for the digest: the reports' own figures, for the whole store. */
async function programWeek(
  deps: NoticeDeps,
  storeId: string,
  program: string,
  week: { from: string; to: string },
): Promise<DigestProgram> {
  const scope = { program, storeId, access: ALL_STORES };
  const [now, before, themes, reasons, loop] = await Promise.all([
    summaryReport(deps, { ...scope, ...week }),
    summaryReport(deps, { ...scope, ...previousFourWeeks(week) }),
    themesReport(deps, { ...scope, ...week, interval: 'week' }),
    reasonsReport(deps, { ...scope, ...week, interval: 'week' }),
    loopReport(deps, { ...scope, ...week }),
  ]);
  const [score, previous] = [scoreOf(now.summary), scoreOf(before.summary)];
  const top = (rows: { id: string; responses: number }[]) =>
    [...rows].sort((a, b) => b.responses - a.responses || a.id.localeCompare(b.id)).slice(0, 3);
  return {
    program,
    metric: now.summary.metric,
    score,
    change: score === null || previous === null ? null : Math.round((score - previous) * 10) / 10,
    responses: now.summary.responses,
    responseRate: now.summary.responseRate,
    themes: top(themes.themes).map(({ id, responses }) => ({ id, responses })),
    reasons: top(reasons.reasons).map(({ id, responses }) => ({ id, responses })),
    loop: { cases: loop.loop.cases, inTime: loop.loop.acknowledgedInTime, resolved: loop.loop.resolved },
  };
}

async function sendDigest(
  deps: NoticeDeps,
  storeId: string,
  store: StoreConfig,
  week: { label: string; from: string; to: string },
): Promise<void> {
  const programs = await Promise.all(programsOf(deps, storeId).map((p) => programWeek(deps, storeId, p, week)));
  const now = deps.clock.now().toISOString();
  const open = await deps.cases.list({ storeId, statuses: ['open', 'acknowledged'], limit: 20 });
  const overdue = await deps.cases.list({ storeId, statuses: ['open'], dueBefore: now, limit: 100 });
  const base: Omit<DigestView, 'cases'> = {
    store,
    locale: localeOf(store),
    week: week.label,
    programs,
    overdue: overdue.length,
    dashboardUrl: `${deps.publicBaseUrl}/dashboard`,
  };
  await sendEach(
    deps,
    store,
    store.staff.digestRecipients,
    async (recipient) =>
      renderDigest({
        ...base,
        cases: await Promise.all(
          open.map(async (followUp) => ({
            score: followUp.answer.score,
            customer: followUp.customer.name ?? followUp.customer.email,
            dueAt: followUp.dueAt,
            overdue: followUp.status === 'open' && followUp.dueAt <= now,
            url: `${await caseLink(deps, followUp.id, recipient)}?action=acknowledge`,
          })),
        ),
      }),
    { storeId, kind: 'weekly-digest' },
  );
}

/** The program's drop at `asOf` (last 7 days against the 28 before), or undefined. */
async function dropOf(deps: NoticeDeps, storeId: string, program: string, asOf: Date) {
  const periods = dropPeriods(asOf);
  const metric = deps.config.programs[program]?.survey === 'nps' ? ('nps' as const) : ('csat' as const);
  const rows = await deps.reports.aggregates({ program, storeId, from: periods.baseline.from, to: periods.recent.to });
  const drop = scoreDrop(metric, rows, periods, deps.config.scoreDrop);
  return drop === undefined ? undefined : { program, metric, ...drop };
}

/** A drop, announced on the bus (the store's chat hears it) and emailed to the digest's recipients (or alerts'). */
async function sendDropAlert(
  deps: NoticeDeps,
  storeId: string,
  store: StoreConfig,
  drop: NonNullable<Awaited<ReturnType<typeof dropOf>>>,
  asOf: Date,
): Promise<void> {
  const dashboardUrl = `${deps.publicBaseUrl}/dashboard`;
  const alert = renderDropAlert({ store, locale: localeOf(store), metric: drop.metric, drop, dashboardUrl });
  await deps.events.publish(ScoreDropped, {
    storeId,
    program: drop.program,
    metric: drop.metric,
    week: isoWeekOf(asOf).label,
    recent: drop.recent,
    baseline: drop.baseline,
    drop: drop.drop,
    detectedAt: asOf.toISOString(),
    chatText: alert.chatText.slice(0, 4000),
  });
  const to = store.staff.digestRecipients.length > 0 ? store.staff.digestRecipients : store.staff.alertRecipients;
  const { chatText: _chat, ...email } = alert;
  await sendEach(deps, store, to, async () => email, { storeId, kind: 'score-drop' });
}
