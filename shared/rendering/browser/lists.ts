import { type CommentsPage, getJson, type Sources } from './api.ts';
import { byId, dataTable, fill, h, when } from './dom.ts';

let commentsCursor: string | undefined;

function renderComments(page: CommentsPage, append: boolean): void {
  const list = byId('comment-list');
  if (!append) list.replaceChildren();
  for (const c of page.comments) {
    const who = [c.customerName || c.customerId, c.storeId, c.agentName].filter(Boolean).join(' · ');
    list.appendChild(
      h(
        'li',
        null,
        h('span', { class: `badge ${c.class}` }, c.class),
        ' ',
        h('strong', null, c.score),
        ' · ',
        h('span', { class: 'meta' }, `${who} · `, when(c.answeredAt)),
        h('p', { class: 'comment' }, c.comment),
      ),
    );
  }
  if (!append && page.comments.length === 0) list.appendChild(h('li', null, 'No comments match.'));
  commentsCursor = page.cursor;
  byId('more-comments').hidden = !commentsCursor;
}

/** The latest comments for the filters and the comment search; `append` reads the next page. */
export async function loadComments(token: string, filters: URLSearchParams, append: boolean): Promise<void> {
  const q = new URLSearchParams(filters);
  const data = new FormData(byId<HTMLFormElement>('comment-filters'));
  const answerClass = String(data.get('class') ?? '');
  const text = String(data.get('q') ?? '');
  if (answerClass) q.set('class', answerClass);
  if (text) q.set('q', text);
  for (const name of ['theme', 'reason']) {
    const value = String(data.get(name) ?? '').trim();
    if (value) q.set(name, value);
  }
  q.set('limit', '10');
  if (append && commentsCursor) q.set('cursor', commentsCursor);
  renderComments(await getJson<CommentsPage>(token, `/api/reports/comments?${q}`), append);
}

/** What each connected source delivered, and its latest refusals (when the page has a sources section). */
export async function loadSources(token: string): Promise<void> {
  if (byId('sources').hidden) return;
  const { sources } = await getJson<Sources>(token, '/api/sources');
  const at = (time: string | undefined) => (time ? new Date(time).toLocaleString() : 'never');
  const rows = sources.map((s) => [
    s.sourceId,
    at(s.lastEventAt),
    s.last24Hours.mapped,
    s.last24Hours.refused,
    s.last30Days.mapped,
    s.last30Days.refused,
    s.last30Days.ignored,
  ]);
  const refusals = h('ul', { class: 'refusals' });
  for (const s of sources)
    for (const refusal of s.latestRefusals.slice(0, 3))
      refusals.appendChild(h('li', null, h('strong', null, s.sourceId), ` ${at(refusal.at)}: ${refusal.reason}`));
  const head = [
    'Source',
    'Last delivery',
    'Mapped 24 h',
    'Refused 24 h',
    'Mapped 30 d',
    'Refused 30 d',
    'Ignored 30 d',
  ];
  const any = refusals.firstChild !== null;
  fill(
    'sources',
    h('h2', null, 'Sources'),
    dataTable('What each connected source delivered', head, rows, [false, false, true, true, true, true, true]),
    any ? h('h3', null, 'Latest refusals') : null,
    any ? refusals : null,
  );
}
