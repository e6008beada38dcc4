/**
 * An HTML reply as the text a customer wrote: the little a mail client puts in a reply (paragraphs, line breaks,
 * lists, tables, links, entities) read in one linear pass, so a crafted part (thousands of unclosed `<`, deep
 * nesting) costs no more than its length. Scripts, styles, the head and comments say nothing; images are skipped;
 * a link reads as its text.
 */

/** Elements whose content is not text the customer wrote. */
const SILENT = new Set(['head', 'style', 'script', 'title', 'template', 'noscript', 'svg', 'object']);

/** Elements that start or end a line of their own. */
const BLOCK = new Set(
  (
    'address article aside blockquote br center dd div dl dt figcaption figure footer form h1 h2 ' +
    'h3 h4 h5 h6 header hr li main nav ol p pre section table tbody thead tfoot tr ul'
  ).split(' '),
);

/** Named character references mail clients write (Latin-1 and typography); others are read by number or kept. */
const NAMED: ReadonlyMap<string, string> = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  ...(
    'AElig:c6 Aacute:c1 Acirc:c2 Agrave:c0 Aring:c5 Atilde:c3 Auml:c4 Ccedil:c7 Dagger:2021 ETH:d0 Eacute:c9 ' +
    'Ecirc:ca Egrave:c8 Euml:cb Iacute:cd Icirc:ce Igrave:cc Iuml:cf Ntilde:d1 OElig:152 Oacute:d3 Ocirc:d4 ' +
    'Ograve:d2 Oslash:d8 Otilde:d5 Ouml:d6 Scaron:160 THORN:de Uacute:da Ucirc:db Ugrave:d9 Uuml:dc Yacute:dd ' +
    'Yuml:178 aacute:e1 acirc:e2 acute:b4 aelig:e6 agrave:e0 aring:e5 atilde:e3 auml:e4 bdquo:201e brvbar:a6 ' +
    'bull:2022 ccedil:e7 cedil:b8 cent:a2 circ:2c6 copy:a9 curren:a4 dagger:2020 darr:2193 deg:b0 divide:f7 ' +
    'eacute:e9 ecirc:ea egrave:e8 emsp:2003 ensp:2002 eth:f0 euml:eb euro:20ac frac12:bd frac14:bc frac34:be ' +
    'hearts:2665 hellip:2026 iacute:ed icirc:ee iexcl:a1 igrave:ec iquest:bf iuml:ef laquo:ab larr:2190 ' +
    'ldquo:201c lrm:200e lsaquo:2039 lsquo:2018 macr:af mdash:2014 micro:b5 middot:b7 minus:2212 nbsp:a0 ' +
    'ndash:2013 not:ac ntilde:f1 oacute:f3 ocirc:f4 oelig:153 ograve:f2 ordf:aa ordm:ba oslash:f8 otilde:f5 ' +
    'ouml:f6 para:b6 permil:2030 plusmn:b1 pound:a3 raquo:bb rarr:2192 rdquo:201d reg:ae rlm:200f rsaquo:203a ' +
    'rsquo:2019 sbquo:201a scaron:161 sect:a7 shy:ad sup1:b9 sup2:b2 sup3:b3 szlig:df thinsp:2009 thorn:fe ' +
    'tilde:2dc times:d7 trade:2122 uacute:fa uarr:2191 ucirc:fb ugrave:f9 uml:a8 uuml:fc yacute:fd yen:a5 ' +
    'yuml:ff zwj:200d zwnj:200c'
  )
    .split(' ')
    .map((pair): [string, string] => {
      const [name = '', hex = ''] = pair.split(':');
      return [name, String.fromCodePoint(Number.parseInt(hex, 16))];
    }),
]);

/** Elements that stand between paragraphs: a blank line around them (marked on a line of its own until joined). */
const PARAGRAPH_BREAK = '\u0001';
const PARAGRAPH = new Set(['p', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'pre', 'table', 'ul', 'ol']);

// Bounded quantifiers and no alternatives that overlap: linear in the text's length.
const REFERENCE = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/g;
const TAG_NAME = /^\/?([A-Za-z][A-Za-z0-9-]{0,31})/;

function character(code: number, reference: string): string {
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
  return Number.isNaN(code) ? reference : String.fromCodePoint(code);
}

/** Character references read: by number, by the names mail clients use; unknown names stay as written. */
export function decodeReferences(text: string): string {
  return text.replace(REFERENCE, (reference, decimal?: string, hex?: string, name?: string) => {
    if (decimal !== undefined) return character(Number.parseInt(decimal, 10), reference);
    if (hex !== undefined) return character(Number.parseInt(hex, 16), reference);
    return NAMED.get(name ?? '') ?? reference;
  });
}

/** Text between tags: its white space collapses, as a browser shows it. */
const inline = (text: string) => decodeReferences(text.replace(/[\t\n\f\r ]+/g, ' '));

/** Where a tag at `open` ends, and what it is: its name, whether it closes an element. */
function readTag(html: string, open: number): { end: number; name?: string; closing: boolean } {
  if (html.startsWith('<!--', open)) {
    const end = html.indexOf('-->', open + 4);
    return { end: end < 0 ? html.length : end + 3, closing: false };
  }
  const end = html.indexOf('>', open + 1);
  if (end < 0) return { end: html.length, closing: false };
  const name = TAG_NAME.exec(html.slice(open + 1, Math.min(end, open + 34)))?.[1]?.toLowerCase();
  return { end: end + 1, name, closing: html[open + 1] === '/' };
}

/** The text of an HTML fragment, one line per block, paragraphs apart. */
export function htmlToText(html: string): string {
  const out: string[] = [];
  let silentUntil: string | undefined;
  let at = 0;
  while (at < html.length) {
    const open = html.indexOf('<', at);
    const textEnd = open < 0 ? html.length : open;
    if (silentUntil === undefined && textEnd > at) out.push(inline(html.slice(at, textEnd)));
    if (open < 0) break;
    // "3 < 5": a "<" that starts no tag, comment or declaration is text.
    if (!/[A-Za-z/!?]/.test(html[open + 1] ?? '')) {
      if (silentUntil === undefined) out.push('<');
      at = open + 1;
      continue;
    }
    const tag = readTag(html, open);
    at = tag.end;
    if (tag.name === undefined) continue;
    if (silentUntil !== undefined) {
      if (tag.closing && tag.name === silentUntil) silentUntil = undefined;
    } else if (SILENT.has(tag.name) && !tag.closing && html[tag.end - 2] !== '/') {
      silentUntil = tag.name;
    } else if (PARAGRAPH.has(tag.name)) {
      out.push(`\n${PARAGRAPH_BREAK}\n`);
    } else if (BLOCK.has(tag.name)) {
      out.push('\n');
    } else if (tag.name === 'td' || tag.name === 'th') {
      out.push(' ');
    }
  }
  return joinLines(out.join('').replaceAll('\u00a0', ' ').split('\n'));
}

/** Lines without their margins, empty ones dropped; a paragraph's edge, however many, one blank line. */
function joinLines(lines: readonly string[]): string {
  let text = '';
  let paragraph = false;
  for (const raw of lines) {
    const line = raw.replace(/[ \t]+/g, ' ').trim();
    if (line === PARAGRAPH_BREAK) paragraph = true;
    else if (line !== '') {
      text += text === '' ? line : `${paragraph ? '\n\n' : '\n'}${line}`;
      paragraph = false;
    }
  }
  return text;
}
