/**
 * Themes of comments, by phrases: what a comment is about (delivery, price, staff …), for the outer loop. A
 * taxonomy names each theme's phrases per language; a comment is tagged with every theme one of whose phrases it
 * mentions, in the customer's language or in English.
 *
 * - Case and accents do not matter ("Qualitat" finds "Qualität"), nor Arabic's forms of alef.
 * - A phrase is a whole word or words; a trailing `*` takes any ending ("deliver*": delivered, delivery). In
 *   Arabic a word may carry its attached prefixes (و ف ب ل ك, and ال). Japanese has no spaces: its phrases match
 *   anywhere.
 * - A phrase denied by one of the two words before it in its sentence ("not late", "nicht kaputt") is not a
 *   mention; in Japanese, by what follows it (遅れなかった).
 */
export type ThemeTaxonomy = Readonly<Record<string, Readonly<Partial<Record<string, readonly string[]>>>>>;

export interface NegationRules {
  /** Per language, the words that deny what follows them. */
  before: Readonly<Partial<Record<string, readonly string[]>>>;
  /** Per language, what denies a phrase when it follows it. */
  after: Readonly<Partial<Record<string, RegExp>>>;
}

const SPACELESS = new Set(['ja', 'zh', 'th']);
const ARABIC_PREFIXES = '(?:[وفبلك])?(?:ال)?';
const WORD = '[\\p{L}\\p{N}]';

/** Lower case, without accents or Arabic's alef variants and tatweel; apostrophes made one. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ـ/g, '')
    .replace(/[’‘`]/g, "'");
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface CompiledPhrase {
  theme: string;
  spaceless: boolean;
  pattern: RegExp;
}

const compiled = new WeakMap<ThemeTaxonomy, Map<string, CompiledPhrase[]>>();

function phrasesFor(taxonomy: ThemeTaxonomy, language: string): CompiledPhrase[] {
  const byLanguage = compiled.get(taxonomy) ?? new Map<string, CompiledPhrase[]>();
  compiled.set(taxonomy, byLanguage);
  const known = byLanguage.get(language);
  if (known) return known;
  const phrases: CompiledPhrase[] = [];
  for (const [theme, languages] of Object.entries(taxonomy)) {
    for (const lang of new Set([language, 'en'])) {
      for (const raw of languages[lang] ?? []) {
        const wildcard = raw.endsWith('*');
        const phrase = fold(wildcard ? raw.slice(0, -1) : raw).trim();
        if (phrase === '') continue;
        const spaceless = SPACELESS.has(lang);
        const body = escapeRegExp(phrase).replace(/\s+/g, '\\s+');
        const source = spaceless
          ? body
          : `(?<!${WORD})${lang === 'ar' ? ARABIC_PREFIXES : ''}${body}${wildcard ? `${WORD}*` : `(?!${WORD})`}`;
        phrases.push({ theme, spaceless, pattern: new RegExp(source, 'gu') });
      }
    }
  }
  byLanguage.set(language, phrases);
  return phrases;
}

const foldedRules = new WeakMap<NegationRules, NegationRules>();

/** The negation words folded as comments are, once per set of rules (not once per comment). */
function foldedOnce(negations: NegationRules): NegationRules {
  const known = foldedRules.get(negations);
  if (known) return known;
  const folded = {
    before: Object.fromEntries(Object.entries(negations.before).map(([lang, words]) => [lang, words?.map(fold)])),
    after: negations.after,
  };
  foldedRules.set(negations, folded);
  return folded;
}

/** Whether the match at `index` is denied: by one of the two words before it in its sentence, or what follows. */
function denied(text: string, index: number, end: number, language: string, negations: NegationRules): boolean {
  const after = negations.after[language];
  if (after?.test(text.slice(end))) return true;
  const sentence =
    text
      .slice(0, index)
      .split(/[.!?;。！？؟\n]/)
      .pop() ?? '';
  const words = sentence.match(/[\p{L}\p{N}']+/gu) ?? [];
  const deniers = (negations.before[language] ?? []).concat(language === 'en' ? [] : (negations.before.en ?? []));
  return words.slice(-2).some((word) => deniers.includes(word) || (word.endsWith("n't") && deniers.includes("n't")));
}

/** The themes a comment mentions, in taxonomy order; none for an empty comment. */
export function tagThemes(
  comment: string | undefined,
  language: string,
  taxonomy: ThemeTaxonomy,
  negations: NegationRules,
): string[] {
  if (comment === undefined || comment.trim() === '') return [];
  const text = fold(comment);
  const found = new Set<string>();
  const foldedNegations = foldedOnce(negations);
  for (const { theme, pattern } of phrasesFor(taxonomy, language)) {
    if (found.has(theme)) continue;
    for (const match of text.matchAll(pattern)) {
      if (!denied(text, match.index, match.index + match[0].length, language, foldedNegations)) {
        found.add(theme);
        break;
      }
    }
  }
  return Object.keys(taxonomy).filter((theme) => found.has(theme));
}
