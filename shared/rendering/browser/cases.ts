import { api, type CaseView, getJson } from './api.ts';
import { fill, h, when } from './dom.ts';

export interface CasesContext {
  token: string;
  /** The program and store the filters name. */
  scope: () => { program: string; storeId: string };
  say: (text: string, isError?: boolean) => void;
  /** What may be given as a resolved case's root cause. */
  rootCauses: readonly string[];
}

const VIEWS: [string, string][] = [
  ['open,acknowledged', 'Open cases'],
  ['resolved', 'Resolved cases'],
  ['open,acknowledged,resolved', 'All cases'],
];
let shown = 'open,acknowledged';

const overdue = (c: CaseView) => c.status === 'open' && Date.parse(c.dueAt) < Date.now();

/** The cases of the program (and store), in the view chosen: open, resolved or all. */
export async function loadCases(context: CasesContext): Promise<void> {
  const { program, storeId } = context.scope();
  const q = new URLSearchParams({ status: shown, limit: '50', program });
  if (storeId) q.set('storeId', storeId);
  const list = await getJson<{ cases: CaseView[] }>(context.token, `/api/cases?${q}`);
  const late = list.cases.filter(overdue).length;
  const title = VIEWS.find(([status]) => status === shown)?.[1] ?? 'Cases';
  const select = h('select', { name: 'caseStatus' }) as HTMLSelectElement;
  for (const [status, name] of VIEWS)
    select.appendChild(h('option', { value: status, selected: status === shown ? 'selected' : null }, name));
  select.addEventListener('change', () => {
    shown = select.value;
    loadCases(context).catch((e: Error) => context.say(e.message, true));
  });
  const counts = `${list.cases.length}${shown === 'resolved' ? '' : `, ${late} overdue`}`;
  const box = fill('cases', h('h2', null, `${title} (${counts})`), h('label', null, 'Show', select));
  if (list.cases.length === 0)
    box.appendChild(h('p', null, shown === 'resolved' ? 'No resolved cases.' : 'No open cases.'));
  for (const c of list.cases) box.appendChild(caseItem(c, context));
}

function caseItem(c: CaseView, context: CasesContext): Element {
  const late = overdue(c);
  const resolved = c.status === 'resolved';
  const who = c.customer?.name || c.customer?.email || c.surveyId;
  const meta = `score ${c.answer ? c.answer.score : '?'} · ${c.program} · ${c.storeId}${resolved ? ' · resolved ' : ' · due '}`;
  const item = h(
    'div',
    { class: 'case', 'data-case': c.id },
    h(
      'div',
      null,
      h('span', { class: `badge ${late ? 'overdue' : c.status}` }, late ? 'overdue' : c.status),
      ' ',
      h('strong', null, who),
      ' · ',
      h('span', { class: 'meta' }, meta, when(resolved ? c.resolvedAt : c.dueAt), c.owner ? ` · ${c.owner}` : ''),
    ),
    c.answer?.comment ? h('p', { class: 'comment' }, c.answer.comment) : null,
    resolved && c.resolution
      ? h(
          'p',
          { class: 'resolution' },
          h('strong', null, 'What was done: '),
          c.resolution,
          c.rootCause ? ` (root cause: ${c.rootCause})` : '',
        )
      : null,
  );
  if (!resolved) item.appendChild(actions(c, context));
  return item;
}

/** Acknowledge (while open) and resolve, saying what was done. */
function actions(c: CaseView, context: CasesContext): Element {
  const box = h('div', { class: 'actions' });
  if (c.status === 'open') {
    const acknowledge = h('button', { type: 'button' }, 'Acknowledge');
    acknowledge.addEventListener('click', () => act(c.id, 'acknowledge', {}, context));
    box.appendChild(acknowledge);
  }
  const resolution = h('textarea', {
    id: `resolution-${c.id}`,
    rows: 2,
    maxlength: 2000,
    required: 'required',
  }) as HTMLTextAreaElement;
  const label = h('label', { for: `resolution-${c.id}` }, 'What was done', resolution);
  const rootCause = h(
    'select',
    { id: `root-cause-${c.id}`, required: 'required' },
    h('option', { value: '' }, 'Choose…'),
    ...context.rootCauses.map((id) => h('option', { value: id }, id)),
  ) as HTMLSelectElement;
  const causeLabel = h('label', { for: `root-cause-${c.id}` }, 'Root cause', rootCause);
  const resolve = h('button', { type: 'button', class: 'secondary' }, 'Resolve');
  resolve.addEventListener('click', () => {
    if (!resolution.value.trim()) {
      resolution.focus();
      context.say('Say what was done before resolving.', true);
      return;
    }
    if (context.rootCauses.length > 0 && rootCause.value === '') {
      rootCause.focus();
      context.say('Choose the root cause before resolving.', true);
      return;
    }
    act(
      c.id,
      'resolve',
      { resolution: resolution.value, ...(rootCause.value ? { rootCause: rootCause.value } : {}) },
      context,
    );
  });
  box.append(label, causeLabel, resolve);
  return box;
}

async function act(id: string, action: 'acknowledge' | 'resolve', body: object, context: CasesContext) {
  context.say('Saving…');
  try {
    await api(context.token, `/api/cases/${encodeURIComponent(id)}/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    context.say(`Case ${action === 'acknowledge' ? 'acknowledged' : 'resolved'}.`);
    await loadCases(context);
  } catch (error) {
    context.say((error as Error).message, true);
  }
}
