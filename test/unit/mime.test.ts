import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeReferences, htmlToText } from '#shared/adapters/html-text.ts';
import { MAX_PARSED_BYTES, parseMime } from '#shared/adapters/mime.ts';

const message = (name: string) => readFileSync(resolve(import.meta.dirname, '../fixtures/mail', `${name}.eml`));

describe('a reply in the charset its mail client chose', () => {
  // Each fixture was written by Python's codecs in its charset and transfer encoding, subject and all.
  it.each([
    ['latin1-qp', "9 - très bien, livré à l'heure", 'Re: Votre avis compte'],
    ['cp1252-qp-html', '8 – schnelle Lieferung, 20 € gespart', 'Re: Ihre Meinung zählt'],
    ['iso-2022-jp', '９です。配送がとても早かったです。', 'Re: ご意見をお聞かせください'],
    ['shift-jis-b64', '10点、ありがとう', 'Re: アンケート'],
    ['koi8-r', '7, доставка медленная', 'Re: Ваше мнение'],
    ['gbk-b64', '6分，包装破损', 'Re: 您的意见'],
    ['big5-b64', '5分，太慢了', 'Re: 您的意見'],
    ['euc-kr-b64', '4점, 배송이 늦었어요', 'Re: 의견'],
  ])('reads %s', async (name, text, subject) => {
    const email = await parseMime(message(name), []);
    // A plain-text body ends with its last line's line break, as written.
    expect({ ...email, text: email.text.trimEnd() }).toEqual({
      messageId: `<${name}@example.com>`,
      from: 'zoe@example.com',
      recipients: ['reply+token@replies.acme.example'],
      text,
      subject,
      headers: {},
    });
  });

  it('prefers the HTML part cut at its quote, reads groups, keeps the envelope and the headers that tell a robot', async () => {
    const email = await parseMime(message('alternative'), []);
    expect(email).toMatchObject({
      from: 'ana@example.com',
      recipients: ['reply+token@replies.acme.example', 'other@example.com', 'copy@example.com'],
      text: '3 — lento\nmuy lento 😢',
      subject: 'Re: Qué tal',
      headers: { 'auto-submitted': 'auto-replied', precedence: 'bulk' },
    });
    expect((await parseMime(message('alternative'), ['reply+x@replies.acme.example'])).recipients).toEqual([
      'reply+x@replies.acme.example',
    ]);
  });
});

describe('HTML as the text a customer wrote', () => {
  it('puts blocks on lines of their own and paragraphs a blank line apart', () => {
    expect(htmlToText('<p>8</p><p>fast<br>and kind</p><ul><li>beans</li><li>cups</li></ul>')).toBe(
      '8\n\nfast\nand kind\n\nbeans\ncups',
    );
    expect(htmlToText('<table><tr><td>score</td><td>9</td></tr></table>')).toBe('score 9');
  });

  it('says nothing of the head, styles, scripts, comments and images; a link reads as its text', () => {
    expect(
      htmlToText(
        '<html><head><title>t</title><style>p{color:red}</style></head><body><!-- 0 --><script>x<1</script>' +
          '<img src="a.png" alt="10"><a href="https://x/10">seven</a> 7</body></html>',
      ),
    ).toBe('seven 7');
  });

  it('reads references by name and number, keeps unknown ones, and a "<" that starts no tag', () => {
    expect(decodeReferences('&amp;&lt;&eacute;&euro;&#233;&#xE9;&#0;&#xD800;&bogus; &amp')).toBe(
      '&<é€éé\ufffd\ufffd&bogus; &amp',
    );
    expect(htmlToText('3 < 5 &nbsp; and 4 > 2')).toBe('3 < 5 and 4 > 2');
  });

  it('reads crafted input in time proportional to its length', () => {
    // Thousands of unclosed "<" and "<!--" would make a backtracking pattern quadratic.
    const text = htmlToText(`9 ${'<a '.repeat(50_000)}`);
    expect(text).toBe('9');
    expect(htmlToText(`7 ${'<!-- '.repeat(50_000)}`)).toBe('7');
    expect(htmlToText(`6 ${'< '.repeat(50_000)}`).length).toBe(2 + 2 * 50_000 - 1);
  });
});

describe('a huge reply', () => {
  it('is read from its start only, cut at a line, its score and words kept', async () => {
    const head =
      'From: ana@example.com\r\nSubject: Re\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n9 - lovely beans\r\n';
    const raw = Buffer.from(head + 'Notes from our meeting:\r\n'.repeat(200_000)); // ~5 MB of short lines
    const email = await parseMime(raw, []);
    expect(email.text.startsWith('9 - lovely beans\r\n') || email.text.startsWith('9 - lovely beans\n')).toBe(true);
    expect(email.text.length).toBeLessThanOrEqual(MAX_PARSED_BYTES);
    // Line breaks are read as LF: a little under the bytes parsed.
    expect(email.text.length).toBeGreaterThan(MAX_PARSED_BYTES * 0.9);
    expect(email.text.trimEnd().endsWith('Notes from our meeting:')).toBe(true);
  });
});
