import { getJson, type Loyalty } from './api.ts';
import { dataTable, fill, fmt, h, pct } from './dom.ts';

const NAMES: Record<Loyalty['classes'][number]['class'], string> = {
  promoters: 'Promoters',
  passives: 'Passives',
  detractors: 'Detractors',
  detractorsResolved: 'Detractors, case resolved',
  nonResponders: 'Did not answer',
};
const COLOURS: Record<Loyalty['classes'][number]['class'], string> = {
  promoters: '#1a7f37',
  passives: '#9a6700',
  detractors: '#cf222e',
  detractorsResolved: '#8250df',
  nonResponders: '#6e7781',
};

const money = (row: Loyalty['classes'][number]) =>
  row.revenuePerCustomer.map((r) => `${fmt(r.amount, 2)} ${r.currency}`).join(' · ') || '–';

/**
 * "Loyalty": per class, the share who bought again within the window after their survey, as bars labelled with their
 * numbers (and described in words for screen readers), then orders and revenue per customer per currency.
 */
export async function loadLoyalty(token: string, filters: URLSearchParams): Promise<void> {
  const q = new URLSearchParams(filters);
  q.set('window', '90');
  const report = await getJson<Loyalty>(token, `/api/reports/loyalty?${q}`);
  const [W, rowH, label] = [640, 30, 200];
  const svg = h('svg', {
    viewBox: `0 0 ${W} ${report.classes.length * rowH + 10}`,
    role: 'img',
    'aria-labelledby': 'loyalty-title loyalty-desc',
  });
  svg.appendChild(h('title', { svg: true, id: 'loyalty-title' }, 'Bought again within 90 days, by class'));
  const words = report.classes.map((c) => `${NAMES[c.class]}: ${pct(c.repeatRate)} of ${c.customers}`).join('; ');
  svg.appendChild(h('desc', { svg: true, id: 'loyalty-desc' }, words));
  report.classes.forEach((c, i) => {
    const y = 5 + i * rowH;
    const width = ((W - label - 80) * (c.repeatRate ?? 0)) / 100;
    svg.appendChild(h('text', { svg: true, x: 0, y: y + 18 }, NAMES[c.class]));
    svg.appendChild(h('rect', { svg: true, x: label, y: y + 4, width, height: rowH - 10, fill: COLOURS[c.class] }));
    svg.appendChild(h('text', { svg: true, x: label + width + 6, y: y + 18 }, `${pct(c.repeatRate)} (${c.customers})`));
  });
  const table = dataTable(
    'Per customer, within 90 days',
    ['Class', 'Customers', 'Bought again', 'Orders', 'Revenue'],
    report.classes.map((c) => [NAMES[c.class], c.customers, pct(c.repeatRate), fmt(c.ordersPerCustomer, 2), money(c)]),
    [false, true, true, true, false],
  );
  fill(
    'loyalty',
    h('h2', null, 'Loyalty'),
    h('p', { id: 'loyalty-words' }, `Bought again within 90 days after their survey — ${words}.`),
    svg,
    table,
    report.pending > 0
      ? h(
          'p',
          { class: 'meta' },
          `${report.pending} surveys of the period are still within their 90 days: not counted yet.`,
        )
      : null,
  );
}
