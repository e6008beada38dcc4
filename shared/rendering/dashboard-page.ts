import { escapeHtml } from './html.ts';

export interface DashboardView {
  nonce: string;
  programs: { id: string; metric: 'nps' | 'csat' }[];
  /** Stores named in the configuration; reports also cover stores that are not. */
  stores: string[];
  /** Whether any source is connected (the Sources panel then shows what each delivered). */
  sources: boolean;
}

/** Colours with at least 4.5:1 against white (WCAG AA for text), one per class. */
const STYLE = `
:root{--ink:#1b1f24;--muted:#4b5563;--line:#d0d7de;--bg:#f6f8fa;--accent:#0b5cad;--detractor:#b42318;--passive:#8a5a00;--promoter:#067647;--focus:#ffbf47}
*{box-sizing:border-box}
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header{background:#fff;border-bottom:1px solid var(--line);padding:.75rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between}
h1{font-size:1.25rem;margin:0}h2{font-size:1.05rem;margin:0 0 .5rem}
main{max-width:1200px;margin:0 auto;padding:1rem;display:grid;gap:1rem}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end}
label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted);gap:.15rem}
select,input,button,textarea{font:inherit;color:var(--ink);min-height:44px;padding:.35rem .6rem;border:1px solid #8c959f;border-radius:6px;background:#fff}
button{cursor:pointer;background:var(--accent);border-color:var(--accent);color:#fff}
button.secondary{background:#fff;color:var(--accent)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:1rem;min-width:0}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:.75rem}
.kpi{border:1px solid var(--line);border-radius:8px;padding:.6rem .8rem;background:#fff}
.kpi dt{font-size:.8rem;color:var(--muted)}.kpi dd{margin:0;font-size:1.6rem;font-weight:650}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:1rem}
svg{width:100%;height:auto;display:block}
svg text{font-size:11px;fill:var(--muted)}
.scroll{overflow-x:auto}
.resolution{margin:.25rem 0 0;white-space:pre-wrap;overflow-wrap:anywhere}
time[title]{text-decoration:underline dotted;text-underline-offset:2px}
@media (max-width:600px){main>.cases-row{order:-1}#cases{order:-1}}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid var(--line);white-space:nowrap}
td.num,th.num{text-align:right}
caption{text-align:left;font-weight:600;padding-bottom:.4rem}
.badge{display:inline-block;padding:.05rem .45rem;border-radius:999px;font-size:.8rem;font-weight:600;color:#fff}
.badge.detractor{background:var(--detractor)}.badge.passive{background:var(--passive)}.badge.promoter{background:var(--promoter)}
.badge.overdue{background:var(--detractor)}.badge.open{background:var(--accent)}.badge.acknowledged{background:var(--passive)}
ul.comments{list-style:none;margin:0;padding:0;display:grid;gap:.6rem}
ul.comments li{border-bottom:1px solid var(--line);padding-bottom:.5rem}
.meta{font-size:.85rem;color:var(--muted)}
.comment{white-space:pre-wrap;overflow-wrap:anywhere;margin:.25rem 0 0}
.case{border-bottom:1px solid var(--line);padding:.5rem 0;display:grid;gap:.35rem}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
#status{min-height:1.4em;color:var(--muted)}
#status.error{color:var(--detractor)}
@media (max-width:600px){main{padding:.5rem}section{padding:.75rem}.kpi dd{font-size:1.3rem}}
`;

/**
 * The dashboard: a page that draws everything from the staff API with the caller's token (kept in the tab's
 * session storage by the sign-in page). Every value is put in with textContent, never parsed as HTML: comments
 * and names are customers' text.
 */
const SCRIPT = `
(function () {
  'use strict';
  var boot = JSON.parse(document.getElementById('dashboard-config').textContent);
  var token = sessionStorage.getItem('closeloop.staffToken');
  var statusEl = document.getElementById('status');
  var form = document.getElementById('filters');
  var commentsCursor;

  function say(text, isError) { statusEl.textContent = text; statusEl.className = isError ? 'error' : ''; }
  function h(tag, attrs) {
    var el = document.createElementNS(tag === 'svg' || attrs && attrs.svg ? 'http://www.w3.org/2000/svg' : 'http://www.w3.org/1999/xhtml', tag);
    for (var name in attrs || {}) if (name !== 'svg' && attrs[name] !== undefined && attrs[name] !== null) el.setAttribute(name, String(attrs[name]));
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === undefined || child === null || child === false) continue;
      el.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
    }
    return el;
  }
  function fill(id) { var el = document.getElementById(id); while (el.firstChild) el.removeChild(el.firstChild); for (var i = 1; i < arguments.length; i++) if (arguments[i]) el.appendChild(arguments[i]); return el; }
  function fmt(value, decimals) { return value === null || value === undefined ? '–' : Number(value).toFixed(decimals === undefined ? 1 : decimals); }
  function signedFmt(value) { return value === null || value === undefined ? '–' : (value > 0 ? '+' : '') + Number(value).toFixed(1); }
  // Times in the viewer's own zone, the UTC time on hover (and in the datetime attribute for machines).
  function when(iso) {
    if (!iso) return null;
    return h('time', { datetime: iso, title: iso.slice(0, 16).replace('T', ' ') + ' UTC' }, new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }));
  }
  function pct(value) { return value === null || value === undefined ? '–' : Number(value).toFixed(1) + ' %'; }

  if (!token) { location.replace('/sign-in'); return; }

  function api(path, init) {
    init = init || {};
    init.headers = Object.assign({ authorization: 'Bearer ' + token }, init.headers || {});
    return fetch(path, init).then(function (response) {
      if (response.status === 401) { sessionStorage.removeItem('closeloop.staffToken'); location.replace('/sign-in?expired=1'); throw new Error('Your sign-in has expired.'); }
      if (!response.ok) return response.json().catch(function () { return {}; }).then(function (body) { throw new Error((body.error && body.error.message) || ('HTTP ' + response.status)); });
      return response;
    });
  }
  function getJson(path) { return api(path).then(function (r) { return r.json(); }); }

  function filters() {
    var data = new FormData(form);
    var days = Number(data.get('period'));
    var to = new Date();
    var from = new Date(to.getTime() - (days - 1) * 86400000);
    var q = new URLSearchParams();
    q.set('program', data.get('program'));
    var store = String(data.get('storeId') || '').trim();
    if (store) q.set('storeId', store);
    q.set('from', from.toISOString().slice(0, 10));
    q.set('to', to.toISOString().slice(0, 10));
    return q;
  }
  function metric() { var id = new FormData(form).get('program'); return boot.programs.filter(function (p) { return p.id === id; })[0].metric; }

  function kpis(s) {
    var items = s.metric === 'nps'
      ? [['nps', 'NPS', signedFmt(s.nps)], ['responses', 'Responses', s.responses], ['promoters', 'Promoters', s.promoters], ['passives', 'Passives', s.passives], ['detractors', 'Detractors', s.detractors]]
      : [['csat', 'CSAT', pct(s.csat)], ['responses', 'Responses', s.responses], ['satisfied', 'Satisfied (4–5)', s.satisfied], ['ces', 'CES average (1–7)', fmt(s.ces.average, 2)]];
    items.push(['sent', 'Surveys sent', s.sent], ['responseRate', 'Response rate', pct(s.responseRate)]);
    var list = h('dl', { class: 'kpis' });
    items.forEach(function (item) { list.appendChild(h('div', { class: 'kpi' }, h('dt', null, item[1]), h('dd', { 'data-kpi': item[0] }, item[2]))); });
    fill('summary', h('h2', null, 'Summary'), list);
  }

  function dataTable(caption, head, rows, numeric) {
    var table = h('table', null, h('caption', { class: 'sr-only' }, caption));
    var tr = h('tr');
    head.forEach(function (cell, i) { tr.appendChild(h('th', { scope: 'col', class: numeric[i] ? 'num' : null }, cell)); });
    table.appendChild(h('thead', null, tr));
    var body = h('tbody');
    rows.forEach(function (row) { var r = h('tr'); row.forEach(function (cell, i) { r.appendChild(h(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : null, class: numeric[i] ? 'num' : null }, cell)); }); body.appendChild(r); });
    table.appendChild(body);
    // Focusable and named, so a keyboard can scroll a table wider than a phone (axe: scrollable-region-focusable).
    return h('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': caption }, table);
  }

  function trendChart(report) {
    var m = report.points[0] ? report.points[0].metric : metric();
    var key = m === 'nps' ? 'nps' : 'csat';
    var min = m === 'nps' ? -100 : 0, max = 100;
    var W = 640, H = 240, L = 40, R = 10, T = 10, B = 30;
    var n = report.points.length;
    var x = function (i) { return L + (n <= 1 ? (W - L - R) / 2 : i * (W - L - R) / (n - 1)); };
    var y = function (v) { return T + (max - v) * (H - T - B) / (max - min); };
    var svg = h('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-labelledby': 'trend-title trend-desc' });
    var scored = report.points.filter(function (p) { return p[key] !== null; });
    svg.appendChild(h('title', { svg: 1, id: 'trend-title' }, (m === 'nps' ? 'NPS' : 'CSAT') + ' by ' + report.interval));
    svg.appendChild(h('desc', { svg: 1, id: 'trend-desc' }, scored.length === 0 ? 'No answers in this period.' : scored.map(function (p) { return p.start + ': ' + p[key]; }).join('; ')));
    [min, (min + max) / 2, max].forEach(function (v) {
      svg.appendChild(h('line', { svg: 1, x1: L, x2: W - R, y1: y(v), y2: y(v), stroke: '#d0d7de' }));
      svg.appendChild(h('text', { svg: 1, x: 4, y: y(v) + 4 }, String(v)));
    });
    var path = '', pen = false;
    report.points.forEach(function (p, i) {
      if (p[key] === null) { pen = false; return; }
      path += (pen ? 'L' : 'M') + x(i).toFixed(1) + ' ' + y(p[key]).toFixed(1) + ' ';
      pen = true;
      svg.appendChild(h('circle', { svg: 1, cx: x(i), cy: y(p[key]), r: 3.5, fill: '#0b5cad' }, h('title', { svg: 1 }, p.start + ': ' + p[key] + ' (' + p.responses + ' responses)')));
    });
    if (path) svg.insertBefore(h('path', { svg: 1, d: path, fill: 'none', stroke: '#0b5cad', 'stroke-width': 2 }), svg.querySelector('circle'));
    var step = Math.max(1, Math.ceil(n / 8));
    report.points.forEach(function (p, i) { if (i % step === 0) svg.appendChild(h('text', { svg: 1, x: x(i), y: H - 8, 'text-anchor': 'middle' }, p.start.slice(5))); });
    var details = h('details', null, h('summary', null, 'Show the numbers'), dataTable('Trend', ['Period from', m === 'nps' ? 'NPS' : 'CSAT', 'Responses'], report.points.map(function (p) { return [p.start, fmt(p[key]), p.responses]; }), [false, true, true]));
    fill('trend', h('h2', null, (m === 'nps' ? 'NPS' : 'CSAT') + ' over time'), svg, details);
  }

  function classOf(m, score) { return m === 'nps' ? (score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor') : (score === 5 ? 'promoter' : score >= 3 ? 'passive' : 'detractor'); }
  var COLOURS = { detractor: '#b42318', passive: '#8a5a00', promoter: '#067647' };

  function distributionChart(report) {
    var m = metric();
    var most = Math.max.apply(null, report.scores.map(function (s) { return s.count; }).concat([1]));
    var W = 640, H = 220, L = 10, B = 28, T = 18;
    var band = (W - 2 * L) / report.scores.length;
    var svg = h('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-labelledby': 'dist-title dist-desc' });
    svg.appendChild(h('title', { svg: 1, id: 'dist-title' }, 'Answers per score'));
    svg.appendChild(h('desc', { svg: 1, id: 'dist-desc' }, report.scores.map(function (s) { return s.score + ': ' + s.count; }).join('; ')));
    report.scores.forEach(function (s, i) {
      var height = (H - B - T) * s.count / most;
      var x = L + i * band + band * 0.15;
      svg.appendChild(h('rect', { svg: 1, x: x, y: H - B - height, width: band * 0.7, height: height, fill: COLOURS[classOf(m, s.score)] }));
      svg.appendChild(h('text', { svg: 1, x: x + band * 0.35, y: H - 10, 'text-anchor': 'middle' }, String(s.score)));
      if (s.count > 0) svg.appendChild(h('text', { svg: 1, x: x + band * 0.35, y: H - B - height - 4, 'text-anchor': 'middle' }, String(s.count)));
    });
    var details = h('details', null, h('summary', null, 'Show the numbers'), dataTable('Distribution', ['Score', 'Answers'], report.scores.map(function (s) { return [s.score, s.count]; }), [true, true]));
    fill('distribution', h('h2', null, 'Distribution'), svg, details);
  }

  function breakdownTable(id, title, report) {
    var m = metric();
    var head = [report.by === 'store' ? 'Store' : 'Agent', m === 'nps' ? 'NPS' : 'CSAT', 'Responses', 'Sent', 'Response rate'];
    var rows = report.rows.map(function (r) {
      return [report.by === 'store' ? r.storeId : (r.agentName ? r.agentName + ' (' + r.agentId + ')' : r.agentId), m === 'nps' ? signedFmt(r.nps) : pct(r.csat), r.responses, r.sent, pct(r.responseRate)];
    });
    fill(id, h('h2', null, title), rows.length === 0 ? h('p', null, 'No answers in this period.') : dataTable(title, head, rows, [false, true, true, true, true]));
  }

  function renderComments(page, append) {
    var list = document.getElementById('comment-list');
    if (!append) while (list.firstChild) list.removeChild(list.firstChild);
    page.comments.forEach(function (c) {
      list.appendChild(h('li', null,
        h('span', { class: 'badge ' + c.class }, c.class), ' ',
        h('strong', null, c.score), ' · ', h('span', { class: 'meta' }, [c.customerName || c.customerId, c.storeId, c.agentName].filter(Boolean).join(' · ') + ' · ', when(c.answeredAt)),
        h('p', { class: 'comment' }, c.comment)));
    });
    if (!append && page.comments.length === 0) list.appendChild(h('li', null, 'No comments match.'));
    commentsCursor = page.cursor;
    document.getElementById('more-comments').hidden = !commentsCursor;
  }
  function loadComments(append) {
    var q = filters();
    var data = new FormData(document.getElementById('comment-filters'));
    if (data.get('class')) q.set('class', data.get('class'));
    if (data.get('q')) q.set('q', data.get('q'));
    q.set('limit', '10');
    if (append && commentsCursor) q.set('cursor', commentsCursor);
    return getJson('/api/reports/comments?' + q).then(function (page) { renderComments(page, append); });
  }

  function caseItem(c) {
    var overdue = c.status === 'open' && Date.parse(c.dueAt) < Date.now();
    var resolution = h('textarea', { id: 'resolution-' + c.id, rows: 2, maxlength: 2000, required: 'required' });
    var item = h('div', { class: 'case', 'data-case': c.id },
      h('div', null, h('span', { class: 'badge ' + (overdue ? 'overdue' : c.status) }, overdue ? 'overdue' : c.status), ' ',
        h('strong', null, (c.customer && (c.customer.name || c.customer.email)) || c.surveyId), ' · ',
        h('span', { class: 'meta' }, 'score ' + (c.answer ? c.answer.score : '?') + ' · ' + c.program + ' · ' + c.storeId + (c.status === 'resolved' ? ' · resolved ' : ' · due '), when(c.status === 'resolved' ? c.resolvedAt : c.dueAt), c.owner ? ' · ' + c.owner : '')),
      c.answer && c.answer.comment ? h('p', { class: 'comment' }, c.answer.comment) : null,
      c.status === 'resolved' && c.resolution ? h('p', { class: 'resolution' }, h('strong', null, 'What was done: '), c.resolution) : null);
    if (c.status === 'resolved') return item;
    var actions = h('div', { class: 'actions' });
    if (c.status === 'open') {
      var ack = h('button', { type: 'button' }, 'Acknowledge');
      ack.addEventListener('click', function () { act(c.id, 'acknowledge', {}); });
      actions.appendChild(ack);
    }
    var label = h('label', { for: 'resolution-' + c.id }, 'What was done');
    label.appendChild(resolution);
    var resolve = h('button', { type: 'button', class: 'secondary' }, 'Resolve');
    resolve.addEventListener('click', function () {
      if (!resolution.value.trim()) { resolution.focus(); say('Say what was done before resolving.', true); return; }
      act(c.id, 'resolve', { resolution: resolution.value });
    });
    actions.appendChild(label);
    actions.appendChild(resolve);
    item.appendChild(actions);
    return item;
  }
  function act(id, action, body) {
    say('Saving…');
    return api('/api/cases/' + encodeURIComponent(id) + '/' + action, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(function () { say('Case ' + (action === 'acknowledge' ? 'acknowledged' : 'resolved') + '.'); return loadCases(); })
      .catch(function (e) { say(e.message, true); });
  }
  var caseStatus = 'open,acknowledged';
  var CASE_VIEWS = [['open,acknowledged', 'Open cases'], ['resolved', 'Resolved cases'], ['open,acknowledged,resolved', 'All cases']];
  function loadCases() {
    var q = new URLSearchParams({ status: caseStatus, limit: '50', program: String(new FormData(form).get('program')) });
    var store = String(new FormData(form).get('storeId') || '').trim();
    if (store) q.set('storeId', store);
    return getJson('/api/cases?' + q).then(function (list) {
      var overdue = list.cases.filter(function (c) { return c.status === 'open' && Date.parse(c.dueAt) < Date.now(); }).length;
      var title = CASE_VIEWS.filter(function (v) { return v[0] === caseStatus; })[0][1];
      var select = h('select', { name: 'caseStatus' });
      CASE_VIEWS.forEach(function (v) { select.appendChild(h('option', { value: v[0], selected: v[0] === caseStatus ? 'selected' : null }, v[1])); });
      select.addEventListener('change', function () { caseStatus = select.value; loadCases().catch(function (e) { say(e.message, true); }); });
      var box = fill('cases', h('h2', null, title + ' (' + list.cases.length + (caseStatus === 'resolved' ? '' : ', ' + overdue + ' overdue') + ')'), h('label', null, 'Show', select));
      if (list.cases.length === 0) box.appendChild(h('p', null, caseStatus === 'resolved' ? 'No resolved cases.' : 'No open cases.'));
      list.cases.forEach(function (c) { box.appendChild(caseItem(c)); });
    });
  }

  /** Every part of the export in one file: each part repeats the header, which only the first keeps. */
  function exportCsv() {
    var q = filters();
    var parts = [];
    say('Preparing the export…');
    function part(url) {
      return api(url).then(function (response) {
        var next = /<([^>]+)>;\\s*rel="next"/.exec(response.headers.get('link') || '');
        return response.text().then(function (text) {
          parts.push(parts.length === 0 ? text : text.slice(text.indexOf('\\r\\n') + 2));
          if (next) { say('Preparing the export… part ' + (parts.length + 1)); return part(new URL(next[1]).pathname + new URL(next[1]).search); }
        });
      });
    }
    part('/api/reports/responses.csv?' + q).then(function () {
      // A byte-order mark first: without it Excel reads UTF-8 as a legacy code page and garbles non-Latin names.
      var blob = new Blob(['\ufeff'].concat(parts), { type: 'text/csv;charset=utf-8' });
      var link = h('a', { href: URL.createObjectURL(blob), download: 'closeloop-' + q.get('program') + '-' + q.get('from') + '.csv' });
      document.body.appendChild(link); link.click(); link.remove();
      say('Export downloaded.');
    }).catch(function (e) { say(e.message, true); });
  }

  function loadSources() {
    var box = document.getElementById('sources');
    if (!box) return Promise.resolve();
    return getJson('/api/sources').then(function (r) {
      var when = function (at) { return at ? new Date(at).toLocaleString() : 'never'; };
      var rows = r.sources.map(function (s) { return [s.sourceId, when(s.lastEventAt), s.last24Hours.mapped, s.last24Hours.refused, s.last30Days.mapped, s.last30Days.refused, s.last30Days.ignored]; });
      var refusals = h('ul', { class: 'refusals' });
      r.sources.forEach(function (s) { s.latestRefusals.slice(0, 3).forEach(function (f) { refusals.appendChild(h('li', null, h('strong', null, s.sourceId), ' ' + when(f.at) + ': ' + f.reason)); }); });
      fill('sources', h('h2', null, 'Sources'), dataTable('What each connected source delivered', ['Source', 'Last delivery', 'Mapped 24 h', 'Refused 24 h', 'Mapped 30 d', 'Refused 30 d', 'Ignored 30 d'], rows, [false, false, true, true, true, true, true]), refusals.firstChild ? h('h3', null, 'Latest refusals') : null, refusals.firstChild ? refusals : null);
    });
  }

  function load() {
    var q = filters();
    var days = Number(new FormData(form).get('period'));
    var trendQ = new URLSearchParams(q); trendQ.set('interval', days > 60 ? 'week' : 'day');
    var byStore = new URLSearchParams(q); byStore.set('by', 'store');
    var byAgent = new URLSearchParams(q); byAgent.set('by', 'agent');
    say('Loading…');
    document.body.removeAttribute('data-loaded');
    return Promise.all([
      getJson('/api/reports/summary?' + q).then(function (r) { kpis(r.summary); }),
      getJson('/api/reports/trend?' + trendQ).then(trendChart),
      getJson('/api/reports/distribution?' + q).then(distributionChart),
      getJson('/api/reports/breakdown?' + byStore).then(function (r) { breakdownTable('stores', 'By store', r); }),
      getJson('/api/reports/breakdown?' + byAgent).then(function (r) { breakdownTable('agents', 'By agent', r); }),
      loadComments(false),
      loadCases(),
      loadSources(),
    ]).then(function () { say('Up to date: ' + q.get('from') + ' – ' + q.get('to') + '.'); document.body.setAttribute('data-loaded', 'true'); })
      .catch(function (e) { say(e.message, true); });
  }

  form.addEventListener('submit', function (e) { e.preventDefault(); load(); });
  form.addEventListener('change', function () { load(); });
  document.getElementById('comment-filters').addEventListener('submit', function (e) { e.preventDefault(); loadComments(false).catch(function (err) { say(err.message, true); }); });
  document.getElementById('more-comments').addEventListener('click', function () { loadComments(true).catch(function (err) { say(err.message, true); }); });
  document.getElementById('export').addEventListener('click', exportCsv);
  document.getElementById('sign-out').addEventListener('click', function () { sessionStorage.removeItem('closeloop.staffToken'); location.replace('/sign-in'); });
  load();
})();
`;

/** The dashboard page; its data comes from the staff API, drawn by the script. */
export function renderDashboard(view: DashboardView): string {
  const config = JSON.stringify({ programs: view.programs }).replace(/</g, '\\u003c');
  const option = (value: string, label: string) => `<option value="${escapeHtml(value)}">${escapeHtml(label)}</option>`;
  const programs = view.programs.map((p) => option(p.id, `${p.id} (${p.metric.toUpperCase()})`)).join('');
  const stores = view.stores.map((id) => option(id, id)).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>closeloop dashboard</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>closeloop</h1>
<form id="filters" class="filters" aria-label="Report filters">
<label>Program<select name="program">${programs}</select></label>
<label>Store<input name="storeId" list="store-ids" placeholder="All stores" maxlength="128" autocomplete="off"></label>
<datalist id="store-ids">${stores}</datalist>
<label>Period<select name="period"><option value="7">Last 7 days</option><option value="30" selected>Last 30 days</option><option value="90">Last 90 days</option><option value="365">Last 12 months</option></select></label>
<button type="submit" class="secondary">Refresh</button>
<button type="button" id="export" class="secondary">Export CSV</button>
<button type="button" id="sign-out" class="secondary">Sign out</button>
</form>
</header>
<main>
<p id="status" role="status" aria-live="polite"></p>
<section id="summary" aria-labelledby="summary-h"><h2 id="summary-h">Summary</h2></section>
<div class="grid2">
<section id="trend"><h2>Trend</h2></section>
<section id="distribution"><h2>Distribution</h2></section>
</div>
<div class="grid2">
<section id="stores"><h2>By store</h2></section>
<section id="agents"><h2>By agent</h2></section>
</div>
<div class="grid2 cases-row">
<section aria-labelledby="comments-h">
<h2 id="comments-h">Latest comments</h2>
<form id="comment-filters" class="filters" role="search" aria-label="Search comments">
<label>Class<select name="class"><option value="">Any</option><option value="detractor">Detractors</option><option value="passive">Passives</option><option value="promoter">Promoters</option></select></label>
<label>Contains<input type="search" name="q" maxlength="200"></label>
<button type="submit" class="secondary">Search</button>
</form>
<ul id="comment-list" class="comments"></ul>
<button type="button" id="more-comments" class="secondary" hidden>More comments</button>
</section>
<section id="cases"><h2>Open cases</h2></section>
</div>
${view.sources ? '<section id="sources"><h2>Sources</h2></section>' : ''}
</main>
<script type="application/json" id="dashboard-config">${config}</script>
<script nonce="${view.nonce}">${SCRIPT}</script>
</body>
</html>`;
}
