import { CHAT_LINK } from '../domain/case-token.ts';
import type { FollowUpCase } from '../domain/follow-up.ts';
import { html } from './html.ts';
import { caseFacts } from './staff-email.ts';

export interface CasePageView {
  followUp: FollowUpCase;
  brandName: string;
  /** The form posts here: `/c/{token}`. */
  action: string;
  /** Whom the link was sent to: prefills "who takes it" (empty for the chat link). */
  staff: string;
  /** The action the link's button named: its form comes first and takes the focus. */
  focus?: 'acknowledge' | 'resolve' | undefined;
  /** What the last POST did, shown above the case. */
  done?: string | undefined;
  /** The root causes to choose from when resolving. */
  rootCauses: readonly string[];
}

const STATUS_TEXT = { open: 'Open: nobody has taken it yet', acknowledged: 'Acknowledged', resolved: 'Resolved' };

/**
 * The page a staff member reaches from an alert: the case, and forms to acknowledge or resolve it. Opening it
 * changes nothing (mail scanners follow links too); only the form's POST does.
 */
export function renderCasePage(view: CasePageView): string {
  const { followUp } = view;
  const shared = view.staff === CHAT_LINK;
  const rows = caseFacts(followUp, view.brandName).map(
    ([label, value], i) => html`${i > 0 ? '\n' : ''}<tr><th scope="row">${label}</th><td>${value}</td></tr>`,
  );
  const status = html`<p class="status status-${followUp.status}"><strong>${STATUS_TEXT[followUp.status]}</strong>${
    followUp.owner ? ` · owner ${followUp.owner}` : ''
  }${followUp.escalatedAt ? ' · escalated' : ''}</p>`;
  // A personal link acts as its recipient; only the chat's shared link asks who is acting.
  const ownerField = (id: string) =>
    shared
      ? html`<label for="${id}">Who takes it (your name or email)</label>
<input id="${id}" name="owner" required maxlength="254" value="${followUp.owner ?? ''}" autocomplete="email">`
      : html`<p class="note">You act as ${view.staff}.</p>`;
  const acknowledge =
    followUp.status === 'open'
      ? html`<form method="post" action="${view.action}" aria-labelledby="ack-title"><h2 id="ack-title">Acknowledge</h2>
<p>The case becomes yours and is not escalated. Contact the customer by ${followUp.dueAt.slice(0, 16).replace('T', ' ')} UTC.</p>
<input type="hidden" name="action" value="acknowledge">${ownerField('ack-owner')}
<button type="submit"${view.focus === 'acknowledge' ? html` autofocus` : ''}>Acknowledge the case</button></form>`
      : '';
  const resolve =
    followUp.status !== 'resolved'
      ? html`<form method="post" action="${view.action}" aria-labelledby="resolve-title"><h2 id="resolve-title">Resolve</h2>
<input type="hidden" name="action" value="resolve">${ownerField('resolve-owner')}
<label for="resolution">What was done</label>
<textarea id="resolution" name="resolution" required maxlength="2000"${view.focus === 'resolve' ? html` autofocus` : ''}></textarea>
<label for="root-cause">Root cause</label>
<select id="root-cause" name="rootCause" required><option value="">Choose…</option>${view.rootCauses.map((id) => html`<option value="${id}">${id}</option>`)}</select>
<button type="submit">Resolve the case</button></form>`
      : html`<h2>Resolution</h2><p>${followUp.resolution ?? ''}</p>${followUp.rootCause ? html`<p>Root cause: ${followUp.rootCause}</p>` : ''}`;
  const forms = view.focus === 'resolve' ? [resolve, acknowledge] : [acknowledge, resolve];
  const notes =
    followUp.notes.length > 0
      ? html`<h2>Notes</h2><ul>${followUp.notes.map((n) => html`<li><time datetime="${n.at}">${n.at.slice(0, 16).replace('T', ' ')} UTC</time> ${n.text}</li>`)}</ul>`
      : '';
  const title = `Follow-up case · ${view.brandName}`;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${title}</title>
<style>
body{margin:0;padding:16px;background:#f6f8fa;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Arial,sans-serif;color:#1f2328}
main{max-width:720px;margin:0 auto;background:#fff;border-radius:8px;padding:24px}
th{text-align:left;vertical-align:top;padding:4px 12px 4px 0;color:#59636e;font-weight:normal}td{padding:4px 0;white-space:pre-wrap}
form{margin-top:24px;border-top:1px solid #d0d7de}label{display:block;margin-top:12px;font-weight:bold}
input,textarea{width:100%;box-sizing:border-box;font:inherit;padding:8px;border:1px solid #8c959f;border-radius:6px}textarea{min-height:6em}
button{margin-top:12px;min-height:44px;padding:0 20px;font:inherit;font-weight:bold;color:#fff;background:#1f6feb;border:0;border-radius:6px;cursor:pointer}
button:focus-visible,input:focus-visible,textarea:focus-visible{outline:3px solid #0969da;outline-offset:2px}
.done{padding:12px;background:#dafbe1;border-radius:6px}.status-open{color:#9a3412}
</style></head>
<body><main>
<h1>${title}</h1>
${view.done ? html`<p class="done" role="status">${view.done}</p>` : ''}
${status}
<table>${rows}</table>
${forms}
${notes}
</main></body></html>`.toString();
}

/** A case page for an error: a bad or expired link, an unknown case, a conflicting action. */
export function renderCaseMessagePage(title: string, detail?: string): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${title}</title></head>
<body style="margin:0;padding:16px;background:#f6f8fa;font:16px/1.5 system-ui,Arial,sans-serif;color:#1f2328">
<main style="max-width:720px;margin:0 auto;background:#fff;border-radius:8px;padding:24px"><h1>${title}</h1>${
    detail ? html`<p>${detail}</p>` : ''
  }</main></body></html>`.toString();
}
