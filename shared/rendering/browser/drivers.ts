import { type Drivers, getJson } from './api.ts';
import { dataTable, fill, h, pct, signedFmt } from './dom.ts';

type Pick = (kind: 'theme' | 'reason', id: string) => void;

/**
 * "What drives detractors": the themes of comments and the reasons picked, those that pull the score down most
 * first (by impact, then by detractors). A name opens the comments that have it.
 */
export async function loadDrivers(token: string, filters: URLSearchParams, pick: Pick): Promise<void> {
  const [themes, reasons] = await Promise.all([
    getJson<Drivers['themes']>(token, `/api/reports/themes?${filters}`),
    getJson<Drivers['reasons']>(token, `/api/reports/reasons?${filters}`),
  ]);
  const nps = themes.metric === 'nps';
  const rows = [
    ...themes.themes.map((row) => ({ kind: 'theme' as const, ...row })),
    ...reasons.reasons.map((row) => ({ kind: 'reason' as const, ...row })),
  ]
    .sort((a, b) => (a.impact ?? 0) - (b.impact ?? 0) || b.classes.detractor - a.classes.detractor)
    .slice(0, 10);
  const table = dataTable(
    'What drives detractors',
    ['Theme or reason', 'Detractors', 'Answers', nps ? 'NPS' : 'CSAT', 'Impact'],
    rows.map((row) => {
      const open = h('button', { type: 'button', class: 'link', 'data-driver': `${row.kind}:${row.id}` }, row.id);
      open.addEventListener('click', () => pick(row.kind, row.id));
      return [
        h('span', null, open, h('small', { class: 'meta' }, ` ${row.kind}`)),
        row.classes.detractor,
        `${row.responses} (${pct(row.share)})`,
        nps ? signedFmt(row.score) : pct(row.score),
        signedFmt(row.impact),
      ];
    }),
    [false, true, true, true, true],
  );
  const causes = reasons.rootCauses.map((cause) => `${cause.id} ${cause.cases}`).join(' · ');
  fill(
    'drivers',
    h('h2', null, 'What drives detractors'),
    rows.length === 0 ? h('p', null, 'No reasons or themes in this period.') : table,
    causes ? h('p', { class: 'meta' }, `Root causes of resolved cases: ${causes}`) : null,
  );
}
