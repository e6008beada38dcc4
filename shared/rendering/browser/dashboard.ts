/**
 * The dashboard's script: draws everything from the staff API with the tab's token (kept in session storage by the
 * sign-in page). Every value goes in as text, never parsed as HTML: comments and names are customers' text.
 * Bundled into a string by scripts/build-browser-scripts.ts and served under the page's CSP nonce.
 */
import {
  api,
  type Breakdown,
  type Choices,
  type Distribution,
  getJson,
  type Summary,
  TOKEN_KEY,
  type Trend,
} from './api.ts';
import { loadCases } from './cases.ts';
import { distributionChart, trendChart } from './charts.ts';
import { byId, dataTable, fill, fmt, h, pct, signedFmt } from './dom.ts';
import { loadDrivers } from './drivers.ts';
import { loadComments, loadSources } from './lists.ts';
import { loadLoop } from './loop.ts';
import { loadLoyalty } from './loyalty.ts';

/** What the staff API said there is to choose from; filled before the first load. */
const boot: Choices = {
  programs: [],
  stores: [],
  sources: false,
  access: { allStores: false, stores: [] },
  rootCauses: [],
};
const token = sessionStorage.getItem(TOKEN_KEY);
const statusEl = byId('status');
const form = byId<HTMLFormElement>('filters');

function say(text: string, isError = false): void {
  statusEl.textContent = text;
  statusEl.className = isError ? 'error' : '';
}
const failed = (error: unknown) => say((error as Error).message, true);

/** The filters as a report query: program, store, and the period as days up to today. */
function filters(): URLSearchParams {
  const data = new FormData(form);
  const days = Number(data.get('period'));
  const to = new Date();
  const from = new Date(to.getTime() - (days - 1) * 86_400_000);
  const q = new URLSearchParams({ program: String(data.get('program')) });
  const store = String(data.get('storeId') ?? '').trim();
  if (store) q.set('storeId', store);
  q.set('from', from.toISOString().slice(0, 10));
  q.set('to', to.toISOString().slice(0, 10));
  return q;
}
const metric = () => boot.programs.find((p) => p.id === new FormData(form).get('program'))?.metric ?? 'nps';

function kpis(s: Summary): void {
  const items: [string, string, string | number][] =
    s.metric === 'nps'
      ? [
          ['nps', 'NPS', signedFmt(s.nps)],
          ['responses', 'Responses', s.responses],
          ['promoters', 'Promoters', s.promoters],
          ['passives', 'Passives', s.passives],
          ['detractors', 'Detractors', s.detractors],
        ]
      : [
          ['csat', 'CSAT', pct(s.csat)],
          ['responses', 'Responses', s.responses],
          ['satisfied', 'Satisfied (4–5)', s.satisfied],
          ['ces', 'CES average (1–7)', fmt(s.ces.average, 2)],
        ];
  items.push(['sent', 'Surveys sent', s.sent], ['responseRate', 'Response rate', pct(s.responseRate)]);
  const list = h('dl', { class: 'kpis' });
  for (const [key, name, value] of items)
    list.appendChild(h('div', { class: 'kpi' }, h('dt', null, name), h('dd', { 'data-kpi': key }, value)));
  fill('summary', h('h2', null, 'Summary'), list);
}

function breakdownTable(id: string, title: string, report: Breakdown): void {
  const nps = metric() === 'nps';
  const head = [report.by === 'store' ? 'Store' : 'Agent', nps ? 'NPS' : 'CSAT', 'Responses', 'Sent', 'Response rate'];
  const rows = report.rows.map((r) => {
    const name = report.by === 'store' ? r.storeId : r.agentName ? `${r.agentName} (${r.agentId})` : r.agentId;
    const score = r.metric === 'nps' ? signedFmt(r.nps) : r.metric === 'csat' ? pct(r.csat) : '–';
    return [name, score, r.responses, r.sent, pct(r.responseRate)];
  });
  const table = dataTable(title, head, rows, [false, true, true, true, true]);
  fill(id, h('h2', null, title), rows.length === 0 ? h('p', null, 'No answers in this period.') : table);
}

/** Every part of the export in one file: each part repeats the header, which only the first keeps. */
async function exportCsv(signedIn: string): Promise<void> {
  const q = filters();
  const parts: string[] = [];
  say('Preparing the export…');
  let url: string | undefined = `/api/reports/responses.csv?${q}`;
  while (url !== undefined) {
    const response = await api(signedIn, url);
    const next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
    const text = await response.text();
    parts.push(parts.length === 0 ? text : text.slice(text.indexOf('\r\n') + 2));
    if (next !== undefined) say(`Preparing the export… part ${parts.length + 1}`);
    url = next === undefined ? undefined : new URL(next).pathname + new URL(next).search;
  }
  // A byte-order mark first: without it Excel reads UTF-8 as a legacy code page and garbles non-Latin names.
  const blob = new Blob(['\ufeff', ...parts], { type: 'text/csv;charset=utf-8' });
  const download = `closeloop-${q.get('program')}-${q.get('from')}.csv`;
  const link = h('a', { href: URL.createObjectURL(blob), download }) as HTMLAnchorElement;
  document.body.appendChild(link);
  link.click();
  link.remove();
  say('Export downloaded.');
}

/** A theme or reason picked in "What drives detractors": the comments that have it, in view. */
function showCommentsOf(signedIn: string, kind: 'theme' | 'reason', id: string): void {
  const search = byId<HTMLFormElement>('comment-filters');
  for (const name of ['theme', 'reason'])
    (search.elements.namedItem(name) as HTMLInputElement).value = name === kind ? id : '';
  loadComments(signedIn, filters(), false)
    .then(() => byId('comments-h').scrollIntoView())
    .catch(failed);
}

/** The program and store the filters name now (the case list reloads on its own, after an action). */
function caseScope() {
  const data = new FormData(form);
  return { program: String(data.get('program')), storeId: String(data.get('storeId') ?? '').trim() };
}

async function load(signedIn: string): Promise<void> {
  const q = filters();
  const days = Number(new FormData(form).get('period'));
  const withParam = (name: string, value: string) => new URLSearchParams([...q, [name, value]]);
  say('Loading…');
  document.body.removeAttribute('data-loaded');
  try {
    await Promise.all([
      getJson<{ summary: Summary }>(signedIn, `/api/reports/summary?${q}`).then((r) => kpis(r.summary)),
      getJson<Trend>(signedIn, `/api/reports/trend?${withParam('interval', days > 60 ? 'week' : 'day')}`).then((r) =>
        trendChart(r, metric()),
      ),
      getJson<Distribution>(signedIn, `/api/reports/distribution?${q}`).then((r) => distributionChart(r, metric())),
      getJson<Breakdown>(signedIn, `/api/reports/breakdown?${withParam('by', 'store')}`).then((r) =>
        breakdownTable('stores', 'By store', r),
      ),
      getJson<Breakdown>(signedIn, `/api/reports/breakdown?${withParam('by', 'agent')}`).then((r) =>
        breakdownTable('agents', 'By agent', r),
      ),
      loadComments(signedIn, q, false),
      loadDrivers(signedIn, q, (kind, id) => showCommentsOf(signedIn, kind, id)),
      loadLoop(signedIn, q),
      loadLoyalty(signedIn, q),
      loadCases({ token: signedIn, scope: caseScope, say, rootCauses: boot.rootCauses }),
      loadSources(signedIn),
    ]);
    say(`Up to date: ${q.get('from')} – ${q.get('to')}.`);
    document.body.setAttribute('data-loaded', 'true');
  } catch (error) {
    failed(error);
  }
}

/** The programs and stores to choose from, and the Sources panel when sources are connected. */
async function offerChoices(signedIn: string): Promise<void> {
  Object.assign(boot, await getJson<Choices>(signedIn, '/api/programs'));
  const select = form.elements.namedItem('program') as HTMLSelectElement;
  select.replaceChildren(
    ...boot.programs.map((p) => h('option', { value: p.id }, `${p.id} (${p.metric.toUpperCase()})`)),
  );
  byId('store-ids').replaceChildren(...boot.stores.map((id) => h('option', { value: id }, id)));
  byId('sources').hidden = !boot.sources;
  // Someone who sees some stores reads "All stores" as theirs: say which.
  const store = form.elements.namedItem('storeId') as HTMLInputElement;
  if (!boot.access.allStores) store.placeholder = `Your stores: ${boot.access.stores.join(', ') || 'none'}`;
}

function start(signedIn: string): void {
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void load(signedIn);
  });
  form.addEventListener('change', () => void load(signedIn));
  byId('comment-filters').addEventListener('submit', (e) => {
    e.preventDefault();
    loadComments(signedIn, filters(), false).catch(failed);
  });
  byId('more-comments').addEventListener('click', () => loadComments(signedIn, filters(), true).catch(failed));
  byId('export').addEventListener('click', () => exportCsv(signedIn).catch(failed));
  byId('sign-out').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    location.replace('/sign-in');
  });
  offerChoices(signedIn)
    .then(() => load(signedIn))
    .catch(failed);
}

if (token) start(token);
else location.replace('/sign-in');
