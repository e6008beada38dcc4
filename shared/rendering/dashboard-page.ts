import { DASHBOARD_SCRIPT } from './browser-scripts.generated.ts';
import { html, trusted } from './html.ts';

export interface DashboardView {
  nonce: string;
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
.gauge meter{width:100%;height:1.4rem}.gauge p{margin:.25rem 0 .75rem}
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
button.link{background:none;border:0;padding:0;min-height:24px;color:var(--accent);text-decoration:underline;font:inherit;font-weight:600;cursor:pointer}
.comment{white-space:pre-wrap;overflow-wrap:anywhere;margin:.25rem 0 0}
.case{border-bottom:1px solid var(--line);padding:.5rem 0;display:grid;gap:.35rem}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
#status{min-height:1.4em;color:var(--muted)}
#status.error{color:var(--detractor)}
@media (max-width:600px){main{padding:.5rem}section{padding:.75rem}.kpi dd{font-size:1.3rem}}
`;

/**
 * The dashboard page: a shell without data (it is served without a token). Its script fills the programs and
 * stores from `GET /api/programs` and everything else from the staff API, with the tab's token.
 */
export function renderDashboard(view: DashboardView): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>closeloop dashboard</title>
<style>${trusted(STYLE, 'the dashboard stylesheet')}</style>
</head>
<body>
<header>
<h1>closeloop</h1>
<form id="filters" class="filters" aria-label="Report filters">
<label>Program<select name="program"></select></label>
<label>Store<input name="storeId" list="store-ids" placeholder="All stores" maxlength="128" autocomplete="off"></label>
<datalist id="store-ids"></datalist>
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
<section id="drivers"><h2>What drives detractors</h2></section>
<div class="grid2">
<section id="loop"><h2>Closed loop</h2></section>
<section id="loyalty"><h2>Loyalty</h2></section>
</div>
<div class="grid2 cases-row">
<section aria-labelledby="comments-h">
<h2 id="comments-h">Latest comments</h2>
<form id="comment-filters" class="filters" role="search" aria-label="Search comments">
<label>Class<select name="class"><option value="">Any</option><option value="detractor">Detractors</option><option value="passive">Passives</option><option value="promoter">Promoters</option></select></label>
<label>Contains<input type="search" name="q" maxlength="200"></label>
<label>Theme<input type="search" name="theme" maxlength="32"></label>
<label>Reason<input type="search" name="reason" maxlength="32"></label>
<button type="submit" class="secondary">Search</button>
</form>
<ul id="comment-list" class="comments"></ul>
<button type="button" id="more-comments" class="secondary" hidden>More comments</button>
</section>
<section id="cases"><h2>Open cases</h2></section>
</div>
<section id="sources" hidden><h2>Sources</h2></section>
</main>
<script nonce="${view.nonce}">${trusted(DASHBOARD_SCRIPT, 'the bundled dashboard script')}</script>
</body>
</html>`.toString();
}
