import { SCALES } from './answer.ts';
import type { Metric } from './survey.ts';

const PREFIX = 'reply+';

/** `reply+{token}@{domain}`: the address a survey email asks the customer to reply to. */
export function replyAddress(token: string, domain: string): string {
  return `${PREFIX}${token}@${domain}`;
}

/** The survey token a reply was addressed to, among its recipients; undefined when none is ours. */
export function tokenFromRecipients(recipients: readonly string[], domain: string): string | undefined {
  for (const recipient of recipients) {
    const address = recipient.trim().replace(/^.*<([^>]+)>.*$/, '$1');
    const at = address.lastIndexOf('@');
    if (at < 0 || address.slice(at + 1).toLowerCase() !== domain.toLowerCase()) continue;
    const local = address.slice(0, at);
    if (local.toLowerCase().startsWith(PREFIX)) return local.slice(PREFIX.length);
  }
  return undefined;
}

/**
 * Where the quoted original starts: "On … wrote:" in the languages closeloop speaks, Outlook's separators and
 * header blocks. Everything from the first such line on is the customer's mail client quoting us.
 */
const QUOTE_HEADERS = [
  /^on\b.+\bwrote:?$/i, // en
  /^am\b.+\bschrieb.*:?$/i, // de
  /^le\b.+\ba écrit\s?:?$/i, // fr
  /^el\b.+\bescribió:?$/i, // es
  /^em\b.+\bescreveu:?$/i, // pt
  /^il giorno\b.+\bha scritto:?$/i, // it
  /^op\b.+\bschreef.*:?$/i, // nl
  /^den\b.+\bskrev.*:?$/i, // sv
  /^w dniu\b.+\bnapisał.*:?$/i, // pl
  /^.+(に書きました|のメッセージ)[:：]?$/, // ja
  /^في\b.+كتب:?$/, // ar
  /^-{2,}\s*(original message|ursprüngliche nachricht|message d'origine|mensaje original|mensagem original)\s*-{2,}$/i,
  /^_{10,}$/, // Outlook's rule above the quoted header block
  /^(from|von|de|da|van|från|od|差出人):\s.+$/i, // a quoted header block without a separator
];

/**
 * How much of a reply body is read. The customer's words stand above the quote; past this (a huge paste, a forwarded
 * archive) nothing can be a score or fit the comment, and reading on would only cost time.
 */
export const MAX_REPLY_CHARS = 100_000;

/** The customer's own words: the reply above the quoted original, without `>` lines or the signature. */
export function newText(body: string): string {
  const lines = body.slice(0, MAX_REPLY_CHARS).replace(/\r\n?/g, '\n').split('\n');
  // For each line, the first non-empty line after it: one pass from the end, so the whole reading stays linear.
  const nextNonEmpty: string[] = new Array(lines.length).fill('');
  for (let i = lines.length - 2; i >= 0; i--) {
    const following = (lines[i + 1] ?? '').trim();
    nextNonEmpty[i] = following !== '' ? following : (nextNonEmpty[i + 1] ?? '');
  }
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    // Gmail wraps a long "On … wrote:" over two lines.
    const joined = `${line} ${(lines[i + 1] ?? '').trim()}`.trim();
    if (
      QUOTE_HEADERS.some(
        (re) =>
          re.test(line) || (i + 1 < lines.length && /wrote:$|schrieb:$|a écrit\s?:$/i.test(joined) && re.test(joined)),
      )
    )
      break;
    if (line === '--' || (lines[i] ?? '') === '-- ') break;
    // An attribution line in any language: it ends with a colon and the quoted block follows it.
    if (/[:：]$/.test(line) && (nextNonEmpty[i] ?? '').startsWith('>')) break;
    if (line.startsWith('>')) continue;
    kept.push(lines[i] ?? '');
  }
  return kept.join('\n').trim();
}

export interface ScoreInReply {
  score: number;
  comment?: string | undefined;
}

/**
 * The first whole number in range in the reply's own words, and the rest as the comment. A number that is part
 * of something else (a date, a time, a price, an order number, "4.5") is not a score. When the reply starts with
 * the score ("8 — fast delivery"), the comment is what follows it; otherwise the whole text is the comment
 * ("I'd say 3. Late again.").
 */
export function scoreInReply(text: string, metric: Metric): ScoreInReply | undefined {
  // NFKC turns full-width digits (９) into ASCII ones.
  const normalized = text.normalize('NFKC').trim();
  const { min, max } = SCALES[metric];
  const candidates =
    /(?<![\p{L}\p{N}.,:/#€$£¥-])(\d{1,2})(?![\p{N}]|[.,:-]\d|\s*(?:%|€|\$|£|¥|h\b|am\b|pm\b)|\/(?!\s*(?:10|5)(?!\p{N}))\s*\d)/gu;
  for (const match of normalized.matchAll(candidates)) {
    const score = Number(match[1]);
    if (score < min || score > max) continue;
    const startsWithScore = normalized.slice(0, match.index).trim() === '';
    const rest = startsWithScore
      ? normalized
          .slice((match.index ?? 0) + (match[1]?.length ?? 0))
          .replace(/^\s*(\/\s*10|out of 10|von 10|sur 10|de 10|su 10|van de 10|av 10|na 10|点|\/\s*5|out of 5)?/i, '')
          .replace(/^[\s.,;:!—–-]+/, '')
          .trim()
      : normalized;
    return { score, comment: rest === '' ? undefined : rest };
  }
  return undefined;
}
