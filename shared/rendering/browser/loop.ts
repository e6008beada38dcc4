import { getJson, type Loop } from './api.ts';
import { dataTable, fill, fmt, h, pct } from './dom.ts';

/** A bucket bound in words: "≤ 30 min", "≤ 4 h", "≤ 2 d"; past the last bucket, "> 30 d". */
export function within(minutes: number | null, cases: number): string {
  if (minutes === null) return cases > 0 ? '> 30 d' : '–';
  if (minutes < 60) return `≤ ${minutes} min`;
  if (minutes < 2880) return `≤ ${minutes / 60} h`;
  return `≤ ${minutes / 1440} d`;
}

/** The share of cases answered within the deadline, as a gauge with the figure in words beside it. */
function deadlineGauge(loop: Loop['loop']): Element {
  const inTime = loop.acknowledgedInTime;
  return h(
    'div',
    { class: 'gauge' },
    h('meter', {
      id: 'loop-deadline',
      min: '0',
      max: '100',
      low: '50',
      high: '80',
      optimum: '100',
      value: String(inTime ?? 0),
      'aria-describedby': 'loop-deadline-words',
    }),
    h(
      'p',
      { id: 'loop-deadline-words' },
      inTime === null
        ? 'No detractor cases in this period.'
        : `${pct(inTime)} of ${loop.cases} detractor ${loop.cases === 1 ? 'case' : 'cases'} answered within the deadline.`,
    ),
  );
}

/** The figures as cards, each with its `data-loop` name. */
function figureCards(loop: Loop['loop']): Element {
  const times = (t: { medianMinutes: number | null; p90Minutes: number | null }, n: number) =>
    `${within(t.medianMinutes, n)} · ${within(t.p90Minutes, n)}`;
  const { recovery } = loop;
  const figures: [string, string, string][] = [
    ['cases', 'Cases opened', String(loop.cases)],
    ['reached', 'Reached by the follow-up', pct(loop.reached)],
    ['ack', 'First response (median · 90 %)', times(loop.timeToAcknowledge, loop.acknowledged)],
    ['resolved', 'Resolved', pct(loop.resolved)],
    ['resolve', 'Time to resolve (median · 90 %)', times(loop.timeToResolve, loop.cases)],
    ['escalated', 'Escalated', pct(loop.escalated)],
    [
      'recovered',
      'Recovered when asked again',
      recovery.resurveyed === 0
        ? '–'
        : `${pct(recovery.recovered)} of ${recovery.resurveyed} (${signed(recovery.meanScoreChange)})`,
    ],
  ];
  const list = h('dl', { class: 'kpis' });
  for (const [key, name, value] of figures)
    list.appendChild(h('div', { class: 'kpi' }, h('dt', null, name), h('dd', { 'data-loop': key }, value)));
  return list;
}

/**
 * "Closed loop": of the detractors' cases opened in the period, the share answered within the deadline as a gauge
 * (with the figure in words), how fast cases were answered and resolved, how many escalated, how many detractors the
 * follow-up reached, and whether those asked again recovered; then the figures per owner.
 */
export async function loadLoop(token: string, filters: URLSearchParams): Promise<void> {
  const report = await getJson<Loop>(token, `/api/reports/loop?${filters}`);
  const owners = dataTable(
    'By owner',
    ['Owner', 'Cases taken', 'In time', 'First response (median)', 'Resolved'],
    report.byOwner
      .slice(0, 10)
      .map((row) => [
        row.owner,
        row.cases,
        pct(row.acknowledgedInTime),
        within(row.timeToAcknowledge.medianMinutes, row.acknowledged),
        pct(row.resolved),
      ]),
    [false, true, true, false, true],
  );
  fill(
    'loop',
    h('h2', null, 'Closed loop'),
    deadlineGauge(report.loop),
    figureCards(report.loop),
    report.byOwner.length > 0 ? owners : null,
  );
}

const signed = (value: number | null) => (value === null ? '–' : `${value > 0 ? '+' : ''}${fmt(value, 2)} points`);
