import type { PageMessages } from '../i18n/messages.ts';
import { type PageStyle, pageLayout } from './answer-page.ts';
import { escapeHtml, fill } from './html.ts';

/** Asks before it acts: a GET (a scanner, a preview) changes nothing; the button posts. */
export function renderUnsubscribeConfirm(style: PageStyle & { messages: PageMessages }, action: string): string {
  const m = style.messages;
  const title = fill(m.unsubscribeTitle, { brand: style.brandName });
  return pageLayout(
    style,
    title,
    `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(m.unsubscribeBody)}</p>
<form method="post" action="${escapeHtml(action)}"><button type="submit">${escapeHtml(m.unsubscribeButton)}</button></form>`,
  );
}

export function renderUnsubscribed(style: PageStyle & { messages: PageMessages }): string {
  const title = fill(style.messages.unsubscribedTitle, { brand: style.brandName });
  return pageLayout(style, title, `<h1>${escapeHtml(title)}</h1>`);
}
