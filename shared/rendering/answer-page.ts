import { SCALES } from '../domain/answer.ts';
import type { Metric } from '../domain/survey.ts';
import { catalogFor } from '../i18n/catalog.ts';
import type { PageMessages } from '../i18n/messages.ts';
import { ANSWER_SCRIPT } from './browser-scripts.generated.ts';
import { fill, type HtmlValue, html, type SafeHtml, trusted } from './html.ts';

export interface PageStyle {
  brandName: string;
  primaryColour: string;
  logoUrl?: string | undefined;
  lang: string;
  dir?: 'ltr' | 'rtl';
  messages?: PageMessages;
}

export interface AnswerFormView extends PageStyle {
  /** The form posts here: `/s/{token}`. */
  action: string;
  metric: Metric;
  /** Whether the page asks CES once the CSAT question is answered. */
  asksCes: boolean;
  selected?: number | undefined;
  comment?: string | undefined;
  ces?: number | undefined;
  /**
   * Record at once when the person picks a score on the page: a trusted choice (a real click, tap or key, never a
   * script's) is the one deliberate action that tells a person from a link scanner's browser, stealthy or not.
   */
  submitOnChoice: boolean;
  nonce: string;
  state: 'question' | 'recorded' | 'changed';
  /** After a detractor's answer: the store's promise, in the customer's words ("… within 24 hours"). */
  promise?: string | undefined;
  /** The program's reason question for the answer's class, asked after the score. */
  reasonQuestion?: { legend: string; multiple: boolean; choices: readonly { id: string; label: string }[] } | undefined;
  /** The reasons given so far. */
  reasons?: readonly string[] | undefined;
}

export function pageLayout(style: PageStyle, title: string, body: SafeHtml): string {
  const colour = style.primaryColour;
  const logo = style.logoUrl ? html`<img src="${style.logoUrl}" alt="${style.brandName}" class="logo">` : '';
  return html`<!doctype html>
<html lang="${style.lang}" dir="${style.dir ?? 'ltr'}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${title} · ${style.brandName}</title>
<style>
body{margin:0;padding:16px;background:#f6f8fa;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Arial,sans-serif;color:#1f2328}
main{max-width:640px;margin:0 auto;background:#fff;border-radius:8px;padding:24px}
h1{font-size:1.3rem}.logo{max-height:48px}
fieldset{border:0;padding:0;margin:16px 0}legend{font-weight:bold;margin-bottom:8px}
.scale{display:grid;grid-template-columns:repeat(var(--n),minmax(0,1fr));gap:4px}
.scale label{display:flex;flex-direction:column;min-width:0;min-height:44px;align-items:center;justify-content:center;border:2px solid ${colour};border-radius:6px;cursor:pointer;padding:2px 0;text-align:center}
.scale small{display:block;font-size:.7rem;line-height:1.1;overflow-wrap:anywhere;hyphens:auto}
.scale input{position:absolute;opacity:0;width:1px;height:1px}
.scale input:checked+span{font-weight:bold}.scale label:has(input:checked){background:${colour};color:#fff}
.scale label:has(input:focus-visible){outline:3px solid #0969da;outline-offset:2px}
.ends{display:flex;justify-content:space-between;font-size:.85rem;color:#59636e}
textarea{width:100%;box-sizing:border-box;min-height:6em;font:inherit;padding:8px;border:1px solid #8c959f;border-radius:6px}
button{margin-top:12px;min-height:44px;padding:0 20px;font:inherit;font-weight:bold;color:#fff;background:${colour};border:0;border-radius:6px;cursor:pointer}
.note{color:#59636e;font-size:.9rem}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;border:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.reasons label{display:flex;align-items:center;gap:8px;min-height:44px}.reasons input{width:20px;height:20px;margin:0}
details{margin-top:16px}summary{cursor:pointer;color:#0969da;font-weight:bold;min-height:44px;display:flex;align-items:center}
.done{font-size:1.1rem}
@media (max-width:420px){body{padding:8px}main{padding:14px}}
</style></head>
<body><main>${logo}${body}</main></body></html>`.toString();
}

function scale(
  name: string,
  legend: string,
  min: number,
  max: number,
  selected: number | undefined,
  labels?: readonly string[],
  legendHidden = false,
): SafeHtml {
  const options = Array.from({ length: max - min + 1 }, (_, i) => min + i).map((n) => {
    const label = labels?.[n - min];
    const checked = n === selected ? html` checked` : '';
    const required = name === 'score' ? html` required` : '';
    return html`<label${label ? html` title="${label}"` : ''}><input type="radio" name="${name}" value="${n}"${checked}${required}><span>${n}</span>${label ? html`<small>${label}</small>` : ''}</label>`;
  });
  // One row whatever the width: as many equal columns as answers.
  return html`<fieldset><legend${legendHidden ? html` class="sr-only"` : ''}>${legend}</legend><div class="scale" style="--n:${max - min + 1}">${options}</div>`;
}

/**
 * The answer page: the question once (the heading; the radio group's legend only for screen readers), the scale on
 * one row with its end labels at its ends, the comment box. After an answer, a finished page: thanks, the answer as
 * recorded, what happens next, and "change my answer" folded away; for CSAT with CES, the CES question is the next
 * step, open.
 */
export function renderAnswerPage(view: AnswerFormView): string {
  const m = view.messages ?? catalogFor('en').page;
  const brand = view.brandName;
  const { min, max } = SCALES[view.metric];
  const question = fill(view.metric === 'nps' ? m.npsQuestion : m.csatQuestion, { brand });
  const asking = view.state === 'question';
  const ends =
    view.metric === 'nps'
      ? html`<div class="ends"><span>0 = ${m.npsLow}</span><span>10 = ${m.npsHigh}</span></div>`
      : '';
  const scoreField = html`${scale('score', question, min, max, view.selected, view.metric === 'csat' ? m.csatLabels : undefined, asking)}${ends}</fieldset>`;
  // CES follows a CSAT answer: asked once the customer has answered the first question.
  const cesNext = view.asksCes && !asking && view.ces === undefined;
  // After the score, the next step is in view: the CES question (CSAT), the reasons and the comment, until given.
  const reasonsNext = view.reasonQuestion !== undefined && (view.reasons ?? []).length === 0;
  const nextStep = !asking && (cesNext || reasonsNext || view.comment === undefined);
  const reasonsField = view.reasonQuestion ? reasonChoices(view.reasonQuestion, view.reasons ?? []) : '';
  const cesField =
    view.asksCes && !asking
      ? html`${scale('ces', fill(m.cesQuestion, { brand }), 1, 7, view.ces)}<div class="ends"><span>1 = ${m.cesLow}</span><span>7 = ${m.cesHigh}</span></div></fieldset>`
      : '';
  const form = (fields: HtmlValue, button: string) => html`<form id="answer" method="post" action="${view.action}">
${fields}
<label for="comment">${m.commentLabel}</label>
<textarea id="comment" name="comment" maxlength="2000">${view.comment ?? ''}</textarea>
<button type="submit">${button}</button>
</form>`;
  let body: SafeHtml;
  if (asking) body = html`<h1>${question}</h1>${form(html`${scoreField}${reasonsField}`, m.send)}`;
  else {
    const done = html`<h1>${view.state === 'changed' ? m.thanksChanged : m.thanks}</h1>
<p class="done">${fill(m.yourAnswer, { score: String(view.selected) })}</p>${view.promise ? html`\n<p>${view.promise}</p>` : ''}`;
    // The CES question is the next step, in view; otherwise changing the answer is there for who wants it.
    body = nextStep
      ? html`${done}${form(html`<input type="hidden" name="score" value="${view.selected}">${cesNext ? cesField : ''}${reasonsField}`, m.send)}`
      : html`${done}<details><summary>${m.update}</summary><p class="note">${m.changeHint}</p>${form(html`${scoreField}${cesField}`, m.update)}</details>`;
  }
  // Nothing records by itself: a scanner's browser can hide that it is automated, show the page and run every
  // script, but it does not choose. A person's one choice (the score clicked in the email, preselected here, or
  // another) or the button records; `isTrusted` is false for any event a script makes.
  const script = view.submitOnChoice
    ? html`<script nonce="${view.nonce}">${trusted(ANSWER_SCRIPT, 'the bundled answer-page script')}</script>`
    : '';
  return pageLayout(view, asking ? question : m.thanks, html`${body}${script}`);
}

/**
 * The reason question: one radio (or checkbox, for several) per reason, the given ones checked. The hidden empty
 * value makes "none" an answer too, so unticking every reason clears them.
 */
function reasonChoices(question: NonNullable<AnswerFormView['reasonQuestion']>, given: readonly string[]): SafeHtml {
  const type = question.multiple ? 'checkbox' : 'radio';
  const options = question.choices.map(
    ({ id, label }) =>
      html`<label class="reason"><input type="${type}" name="reasons" value="${id}"${given.includes(id) ? html` checked` : ''}> ${label}</label>`,
  );
  return html`<fieldset class="reasons"><legend>${question.legend}</legend><input type="hidden" name="reasons" value="">${options}</fieldset>`;
}

export function renderMessagePage(style: PageStyle, title: string, detail?: string): string {
  return pageLayout(style, title, html`<h1>${title}</h1>${detail ? html`<p>${detail}</p>` : ''}`);
}
