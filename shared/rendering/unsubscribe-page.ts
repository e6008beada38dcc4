import type { PageMessages } from '../i18n/messages.ts';
import { type PageStyle, pageLayout } from './answer-page.ts';
import { fill, html } from './html.ts';

/** Asks before it acts: a GET (a scanner, a preview) changes nothing; the button posts. */
export function renderUnsubscribeConfirm(style: PageStyle & { messages: PageMessages }, action: string): string {
  const m = style.messages;
  const title = fill(m.unsubscribeTitle, { brand: style.brandName });
  return pageLayout(
    style,
    title,
    html`<h1>${title}</h1><p>${m.unsubscribeBody}</p>
<form method="post" action="${action}"><button type="submit">${m.unsubscribeButton}</button></form>`,
  );
}

export function renderUnsubscribed(style: PageStyle & { messages: PageMessages }): string {
  const title = fill(style.messages.unsubscribedTitle, { brand: style.brandName });
  return pageLayout(style, title, html`<h1>${title}</h1>`);
}
