import { describe, expect, it } from 'vitest';
import { MAX_REPLY_CHARS, newText, replyAddress, scoreInReply, tokenFromRecipients } from '#shared/domain/reply.ts';

describe('reply addresses', () => {
  it('round-trips the token through reply+{token}@{domain}', () => {
    const token = 'v1.k1.abc.tqh8q3.Iw81anII62pfu7Fk4mh_GA';
    const address = replyAddress(token, 'replies.acme.example');
    expect(tokenFromRecipients(['support@acme.example', `"Acme" <${address}>`], 'replies.acme.example')).toBe(token);
    expect(tokenFromRecipients([address], 'other.example')).toBeUndefined();
    expect(tokenFromRecipients(['someone@replies.acme.example'], 'replies.acme.example')).toBeUndefined();
  });
});

describe('the new text of a reply', () => {
  it('drops the quoted original after "On … wrote:"', () => {
    const body =
      "I'd say 3. Late again.\n\nOn Mon, 23 Nov 2026 at 10:00, Acme Coffee <feedback@acme.example> wrote:\n> How likely are you to recommend Acme Coffee?\n> 0: https://x/s/t?score=0\n> 10: https://x/s/t?score=10";
    expect(newText(body)).toBe("I'd say 3. Late again.");
  });

  it('drops Gmail’s two-line header, Outlook’s block and the signature', () => {
    expect(
      newText('9 great\n\nOn Mon, 23 Nov 2026 at 10:00, Acme Coffee <\nfeedback@acme.example> wrote:\n> 0 1 2'),
    ).toBe('9 great');
    expect(newText('7\r\n\r\n________________________________\r\nFrom: Acme Coffee\r\nSent: Monday\r\n10: link')).toBe(
      '7',
    );
    expect(newText('6, ok\n-- \nAna Silva\nPhone 0171 5550100')).toBe('6, ok');
    expect(newText('10\n-----Original Message-----\nFrom: Acme')).toBe('10');
  });

  it('recognises quote headers in the other languages', () => {
    expect(newText('8 gut\n\nAm 23.11.2026 um 10:00 schrieb Acme Coffee <feedback@acme.example>:\n> 0 … 10')).toBe(
      '8 gut',
    );
    expect(newText('5\n\nLe lun. 23 nov. 2026 à 10:00, Acme <a@b.c> a écrit :\n> 9')).toBe('5');
    expect(newText('１０です\n\n2026年11月23日(月) 10:00 Acme <a@b.c>:のメッセージ:\n> 0')).toBe('１０です');
  });
});

describe('the score in a reply', () => {
  it.each([
    ['8 — fast delivery', { score: 8, comment: 'fast delivery' }],
    ["I'd say 3. Late again.", { score: 3, comment: "I'd say 3. Late again." }],
    ['10', { score: 10, comment: undefined }],
    ['9/10, lovely', { score: 9, comment: 'lovely' }],
    ['7 out of 10 - good but pricey', { score: 7, comment: 'good but pricey' }],
    ['１０！最高でした', { score: 10, comment: '！最高でした'.normalize('NFKC').replace(/^!/, '') }],
    [
      'Ich gebe 6 Punkte, die Lieferung kam am 12.11. zu spät',
      { score: 6, comment: 'Ich gebe 6 Punkte, die Lieferung kam am 12.11. zu spät' },
    ],
  ])('reads %j', (text, expected) => {
    expect(scoreInReply(text, 'nps')).toEqual(expected);
  });

  it('skips numbers that are not scores and finds the one that is', () => {
    expect(scoreInReply('Order #1234 arrived 12.11.2026 at 10:30, paid 25€. I give it a 4', 'nps')?.score).toBe(4);
    expect(scoreInReply('Rated 4.5 honestly', 'nps')).toBeUndefined();
    expect(scoreInReply('I would give 12', 'nps')).toBeUndefined();
  });

  it('keeps to the scale of the survey', () => {
    expect(scoreInReply('7 and 4', 'csat')?.score).toBe(4);
    expect(scoreInReply('0', 'csat')).toBeUndefined();
  });

  it('finds nothing in a reply without a score', () => {
    expect(scoreInReply('Thanks, but what is this about?', 'nps')).toBeUndefined();
    expect(scoreInReply('', 'nps')).toBeUndefined();
  });
});

describe('HTML replies', () => {
  it('keeps what is above the quote container of each mail client', async () => {
    const { htmlReplyText } = await import('#shared/adapters/mime.ts');
    expect(
      htmlReplyText(
        '<div>9 &amp; fast</div><div class="gmail_quote">On Mon wrote:<blockquote>0 1 2</blockquote></div>',
      ),
    ).toBe('9 & fast');
    expect(htmlReplyText('<p>4</p><div id="divRplyFwdMsg"><b>From:</b> Acme</div><div>10</div>')).toBe('4');
    expect(htmlReplyText('<p>6 <a href="https://x">ok</a></p><blockquote type="cite">10</blockquote>')).toBe('6 ok');
  });
});

describe('attribution lines in any language', () => {
  it('ends the new text at a line ending in a colon that introduces a quoted block', () => {
    expect(newText('９です\n\n2026年11月23日(月) 10:00 Acme <a@b.c>:\n> 0\n> 10')).toBe('９です');
    expect(newText('Note: the grinder\nwas broken')).toBe('Note: the grinder\nwas broken');
  });
});

describe('a huge reply', () => {
  it('is read to its score, line after line ending in ":" included, and its reading stops at the cap', () => {
    // Prepare: the shape that once made the reading quadratic, 5 MB of it
    const body = `9 - lovely beans\n\n${'Notes from our meeting:\n'.repeat(220_000)}`;
    // Act
    const text = newText(body);
    // Assess
    expect(scoreInReply(text, 'nps')?.score).toBe(9);
    expect(text.length).toBeLessThanOrEqual(MAX_REPLY_CHARS);
  });
});
