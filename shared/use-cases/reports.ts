import type { CloseloopConfig } from '../config/schema.ts';
import { type DriverKind, drivers, driverTrend } from '../domain/drivers.ts';
import { InvalidInput } from '../domain/errors.ts';
import {
  breakdown,
  distribution,
  type Interval,
  type ReportMetric,
  rootCauseCounts,
  summarize,
  trend,
} from '../domain/reports.ts';
import { type StoreAccess, storesToRead } from '../domain/store-access.ts';
import type { Clock } from '../ports/clock.ts';
import {
  RESPONSE_RECORD_FIELDS,
  type ReportReader,
  type ReportScope,
  type ResponseQuery,
  type ResponseRecord,
} from '../ports/report-reader.ts';
import { csvRecord } from '../rendering/csv.ts';

export interface ReportDeps {
  reports: ReportReader;
  config: CloseloopConfig;
  clock: Clock;
}

const DAY_MS = 86_400_000;
/** The longest period one request may cover: three years of daily rows. */
export const MAX_PERIOD_DAYS = 1096;
const DEFAULT_PERIOD_DAYS = 30;

/**
 * The period asked for, in whole UTC days: `to` defaults to today, `from` to 29 days before `to`. Refused when
 * backwards or longer than three years.
 */
export function periodOf(clock: Clock, asked: { from?: string | undefined; to?: string | undefined }) {
  const to = asked.to ?? clock.now().toISOString().slice(0, 10);
  const from =
    asked.from ??
    new Date(Date.parse(`${to}T00:00:00Z`) - (DEFAULT_PERIOD_DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
  if (from > to) throw new InvalidInput('Invalid period', [`from: ${from} is after to: ${to}`]);
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (days > MAX_PERIOD_DAYS)
    throw new InvalidInput('Invalid period', [`from: the period is ${days} days; at most ${MAX_PERIOD_DAYS}`]);
  return { from, to };
}

/** The metric a configured program reports; an unknown program is refused with the known ones named. */
function metricOf(config: CloseloopConfig, program: string): ReportMetric {
  const configured = config.programs[program];
  if (configured === undefined)
    throw new InvalidInput('Invalid query', [
      `program: no program "${program}" is configured (known: ${Object.keys(config.programs).join(', ')})`,
    ]);
  return configured.survey === 'nps' ? 'nps' : 'csat';
}

export type ScopeQuery = Omit<ReportScope, 'from' | 'to' | 'stores'> & {
  from?: string | undefined;
  to?: string | undefined;
  /** Which stores the caller may see: a store beyond it is refused, none asked reads theirs. */
  access: StoreAccess;
};

export function scopeOf(deps: ReportDeps, query: ScopeQuery) {
  const metric = metricOf(deps.config, query.program);
  const scope: ReportScope = {
    program: query.program,
    ...storesToRead(query.access, query.storeId),
    ...(query.agentId !== undefined ? { agentId: query.agentId } : {}),
    ...periodOf(deps.clock, query),
  };
  return { metric, scope };
}

/** 1. Read the scope's aggregate rows (one query); 2. add them up. */
export async function summaryReport(deps: ReportDeps, query: ScopeQuery) {
  const { metric, scope } = scopeOf(deps, query);
  return { scope, summary: summarize(metric, await deps.reports.aggregates(scope)) };
}

/** The summary per day or per ISO week, every period of the range listed. */
export async function trendReport(deps: ReportDeps, query: ScopeQuery & { interval: Interval }) {
  const { metric, scope } = scopeOf(deps, query);
  const rows = await deps.reports.aggregates(scope);
  return { scope, interval: query.interval, points: trend(metric, rows, scope, query.interval) };
}

export async function distributionReport(deps: ReportDeps, query: ScopeQuery) {
  const { metric, scope } = scopeOf(deps, query);
  return { scope, ...distribution(metric, await deps.reports.aggregates(scope)) };
}

/** Per store: the program's store rows; per agent: its agent rows (of one store, when asked). */
export async function breakdownReport(
  deps: ReportDeps,
  query: Omit<ScopeQuery, 'agentId'> & { by: 'store' | 'agent' },
) {
  const { metric, scope } = scopeOf(deps, query);
  const rows = query.by === 'store' ? await deps.reports.aggregates(scope) : await deps.reports.agentAggregates(scope);
  return { scope, by: query.by, rows: breakdown(metric, rows, query.by) };
}

/** Per theme of the comments: answers, share, score, impact on the rest, and a trend per day or week. */
export async function themesReport(deps: ReportDeps, query: ScopeQuery & { interval: Interval }) {
  const { metric, scope } = scopeOf(deps, query);
  const rows = await deps.reports.aggregates(scope);
  return { scope, metric, themes: withTrends(metric, 'theme', rows, scope, query.interval) };
}

/** Per reason picked, the same; and the root causes of the cases resolved in the period, most first. */
export async function reasonsReport(deps: ReportDeps, query: ScopeQuery & { interval: Interval }) {
  const { metric, scope } = scopeOf(deps, query);
  const rows = await deps.reports.aggregates(scope);
  return {
    scope,
    metric,
    reasons: withTrends(metric, 'reason', rows, scope, query.interval),
    rootCauses: rootCauseCounts(rows),
  };
}

function withTrends(
  metric: ReportMetric,
  kind: DriverKind,
  rows: Awaited<ReturnType<ReportReader['aggregates']>>,
  scope: ReportScope,
  interval: Interval,
) {
  const trends = driverTrend(metric, kind, rows, scope, interval);
  return drivers(metric, kind, rows).map((row) => ({ ...row, trend: trends.get(row.id) ?? [] }));
}

type ListQuery = Omit<ResponseQuery, 'from' | 'to' | 'withComment' | 'stores'> & {
  from?: string | undefined;
  to?: string | undefined;
  access: StoreAccess;
};

function responseQuery(deps: ReportDeps, query: ListQuery, withComment: boolean): ResponseQuery {
  if (query.program !== undefined) metricOf(deps.config, query.program);
  const { access, storeId, ...rest } = query;
  return { ...rest, ...storesToRead(access, storeId), ...periodOf(deps.clock, query), withComment };
}

/** The latest comments, newest first, a page at a time. */
export async function commentsPage(deps: ReportDeps, query: ListQuery) {
  const page = await deps.reports.responses(responseQuery(deps, query, true));
  return { comments: page.responses, ...(page.cursor ? { cursor: page.cursor } : {}) };
}

/** The export's columns: the record's fields, the trigger in two, the internal version left out. */
export const EXPORT_COLUMNS = RESPONSE_RECORD_FIELDS.flatMap((field) =>
  field === 'trigger' ? (['triggerType', 'triggerId'] as const) : field === 'version' ? [] : [field],
);
/** One export file at most: under Lambda's 6 MB response limit. */
export const EXPORT_MAX_BYTES = 5 * 1024 * 1024;
const EXPORT_PAGE = 200;
/** Room for one more page of the longest records (2,000-character comments in four-byte characters). */
const EXPORT_PAGE_BYTES = EXPORT_PAGE * 10_000;

/** A list (reasons, themes) in one cell: its items separated by semicolons. */
const listCell = <T>(value: T) => (Array.isArray(value) ? value.join(';') : value);

const exportRecord = (response: ResponseRecord) =>
  csvRecord(
    EXPORT_COLUMNS.map((column) =>
      column === 'triggerType'
        ? response.trigger.type
        : column === 'triggerId'
          ? response.trigger.id
          : listCell(response[column]),
    ),
  );

/**
 * The answers of a period as CSV, newest first, up to 5 MB: when more remain, `cursor` continues the export
 * (the next part has the header row again, so each part opens on its own).
 */
export async function exportResponses(deps: ReportDeps, query: Omit<ListQuery, 'limit' | 'text'>) {
  const asked = responseQuery(deps, { ...query, limit: EXPORT_PAGE }, false);
  let csv = csvRecord(EXPORT_COLUMNS);
  let bytes = Buffer.byteLength(csv);
  let cursor = asked.cursor;
  let rows = 0;
  do {
    const page = await deps.reports.responses({ ...asked, cursor });
    for (const response of page.responses) {
      const record = exportRecord(response);
      csv += record;
      bytes += Buffer.byteLength(record);
      rows += 1;
    }
    cursor = page.cursor;
  } while (cursor !== undefined && bytes < EXPORT_MAX_BYTES - EXPORT_PAGE_BYTES);
  return { csv, rows, cursor };
}
