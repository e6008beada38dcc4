import type { Distribution, Trend } from './api.ts';
import { dataTable, fill, fmt, h } from './dom.ts';

type Metric = 'nps' | 'csat';

const label = (metric: Metric) => (metric === 'nps' ? 'NPS' : 'CSAT');
const scoreOf = (point: Trend['points'][number], metric: Metric): number | null =>
  metric === 'nps'
    ? ((point as { nps?: number | null }).nps ?? null)
    : ((point as { csat?: number | null }).csat ?? null);

/** The score over time: a line with a point per period (none where nobody answered), and the numbers as a table. */
export function trendChart(report: Trend, fallback: Metric): void {
  const metric = (report.points[0]?.metric ?? fallback) as Metric;
  const [min, max] = [metric === 'nps' ? -100 : 0, 100];
  const [W, H, L, R, T, B] = [640, 240, 40, 10, 10, 30];
  const n = report.points.length;
  const x = (i: number) => L + (n <= 1 ? (W - L - R) / 2 : (i * (W - L - R)) / (n - 1));
  const y = (v: number) => T + ((max - v) * (H - T - B)) / (max - min);
  const svg = h('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'trend-title trend-desc' });
  const scored = report.points.filter((p) => scoreOf(p, metric) !== null);
  const described = scored.map((p) => `${p.start}: ${scoreOf(p, metric)}`).join('; ');
  svg.appendChild(h('title', { svg: true, id: 'trend-title' }, `${label(metric)} by ${report.interval}`));
  svg.appendChild(
    h('desc', { svg: true, id: 'trend-desc' }, scored.length === 0 ? 'No answers in this period.' : described),
  );
  for (const v of [min, (min + max) / 2, max]) {
    svg.appendChild(h('line', { svg: true, x1: L, x2: W - R, y1: y(v), y2: y(v), stroke: '#d0d7de' }));
    svg.appendChild(h('text', { svg: true, x: 4, y: y(v) + 4 }, String(v)));
  }
  let path = '';
  let pen = false;
  report.points.forEach((p, i) => {
    const value = scoreOf(p, metric);
    if (value === null) {
      pen = false;
      return;
    }
    path += `${pen ? 'L' : 'M'}${x(i).toFixed(1)} ${y(value).toFixed(1)} `;
    pen = true;
    const tip = h('title', { svg: true }, `${p.start}: ${value} (${p.responses} responses)`);
    svg.appendChild(h('circle', { svg: true, cx: x(i), cy: y(value), r: 3.5, fill: '#0b5cad' }, tip));
  });
  const line = h('path', { svg: true, d: path, fill: 'none', stroke: '#0b5cad', 'stroke-width': 2 });
  if (path) svg.insertBefore(line, svg.querySelector('circle'));
  const step = Math.max(1, Math.ceil(n / 8));
  report.points.forEach((p, i) => {
    if (i % step === 0)
      svg.appendChild(h('text', { svg: true, x: x(i), y: H - 8, 'text-anchor': 'middle' }, p.start.slice(5)));
  });
  const rows = report.points.map((p) => [p.start, fmt(scoreOf(p, metric)), p.responses]);
  const numbers = dataTable('Trend', ['Period from', label(metric), 'Responses'], rows, [false, true, true]);
  const details = h('details', null, h('summary', null, 'Show the numbers'), numbers);
  fill('trend', h('h2', null, `${label(metric)} over time`), svg, details);
}

const classOf = (metric: Metric, score: number) =>
  metric === 'nps'
    ? score >= 9
      ? 'promoter'
      : score >= 7
        ? 'passive'
        : 'detractor'
    : score === 5
      ? 'promoter'
      : score >= 3
        ? 'passive'
        : 'detractor';
const COLOURS = { detractor: '#b42318', passive: '#8a5a00', promoter: '#067647' };

/** Answers per score, coloured by class, and the numbers as a table. */
export function distributionChart(report: Distribution, metric: Metric): void {
  const most = Math.max(...report.scores.map((s) => s.count), 1);
  const [W, H, L, B, T] = [640, 220, 10, 28, 18];
  const band = (W - 2 * L) / report.scores.length;
  const svg = h('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'dist-title dist-desc' });
  svg.appendChild(h('title', { svg: true, id: 'dist-title' }, 'Answers per score'));
  svg.appendChild(
    h('desc', { svg: true, id: 'dist-desc' }, report.scores.map((s) => `${s.score}: ${s.count}`).join('; ')),
  );
  report.scores.forEach((s, i) => {
    const height = ((H - B - T) * s.count) / most;
    const x = L + i * band + band * 0.15;
    const fill = COLOURS[classOf(metric, s.score)];
    svg.appendChild(h('rect', { svg: true, x, y: H - B - height, width: band * 0.7, height, fill }));
    svg.appendChild(h('text', { svg: true, x: x + band * 0.35, y: H - 10, 'text-anchor': 'middle' }, String(s.score)));
    if (s.count > 0)
      svg.appendChild(
        h('text', { svg: true, x: x + band * 0.35, y: H - B - height - 4, 'text-anchor': 'middle' }, String(s.count)),
      );
  });
  const rows = report.scores.map((s) => [s.score, s.count]);
  const numbers = dataTable('Distribution', ['Score', 'Answers'], rows, [true, true]);
  fill(
    'distribution',
    h('h2', null, 'Distribution'),
    svg,
    h('details', null, h('summary', null, 'Show the numbers'), numbers),
  );
}
