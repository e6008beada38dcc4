import { convert } from 'html-to-text';
import { type AddressObject, simpleParser } from 'mailparser';
import type { ReceivedEmail } from '../ports/inbound-mail.ts';

const addresses = (field: AddressObject | AddressObject[] | undefined) =>
  [field ?? []].flat().flatMap((group) => group.value.map((entry) => entry.address ?? '').filter(Boolean));

/**
 * Where an HTML reply starts quoting: mail clients put the original in a blockquote or a container of their own
 * (Gmail, Outlook, Thunderbird, Yahoo, Apple Mail). Replies are written above the quote.
 */
const HTML_QUOTE_START =
  /<blockquote|<div[^>]+class="[^"]*(gmail_quote|moz-cite-prefix|yahoo_quoted)|<div[^>]+id="(divRplyFwdMsg|appendonsend)"|<hr[^>]+id="stopSpelling"/i;

/** The customer's HTML reply as text, without the quoted original. */
export function htmlReplyText(html: string): string {
  const start = html.search(HTML_QUOTE_START);
  return convert(start >= 0 ? html.slice(0, start) : html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
    ],
  }).trim();
}

/** Parses a raw RFC 5322 message (any MIME structure, any charset) into what the reply handler reads. */
export async function parseMime(raw: Buffer, envelopeRecipients: readonly string[]): Promise<ReceivedEmail> {
  const message = await simpleParser(raw, { skipImageLinks: true });
  return {
    messageId: message.messageId ?? '',
    from: message.from?.value[0]?.address,
    recipients:
      envelopeRecipients.length > 0 ? [...envelopeRecipients] : [...addresses(message.to), ...addresses(message.cc)],
    // HTML marks its quote by structure, cut here; a text part quotes with ">" lines, which the reply reader drops.
    text: (message.html ? htmlReplyText(message.html) : '') || (message.text ?? ''),
  };
}
