/** The locales closeloop speaks: each has one catalog in `catalogs/`. */
export const LOCALES = ['en', 'es', 'fr', 'de', 'pt', 'it', 'nl', 'sv', 'pl', 'ja', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];

const SUPPORTED: ReadonlySet<string> = new Set(LOCALES);
const RIGHT_TO_LEFT: ReadonlySet<Locale> = new Set(['ar']);

/**
 * The first preference closeloop speaks, each tried as given and then as its language alone (`pt-BR` → `pt`,
 * `de_AT` → `de`); English when none is. Callers pass the customer's locale, then the store's default.
 */
export function resolveLocale(...preferences: readonly (string | undefined)[]): Locale {
  for (const preference of preferences) {
    if (!preference) continue;
    const tag = preference.trim().toLowerCase().replaceAll('_', '-');
    if (SUPPORTED.has(tag)) return tag as Locale;
    const language = tag.split('-')[0] ?? '';
    if (SUPPORTED.has(language)) return language as Locale;
  }
  return 'en';
}

/** The languages of an `Accept-Language` header, most wanted first (`q=0` means not wanted). */
export function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.tag !== '' && entry.tag !== '*' && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((entry) => entry.tag);
}

export const textDirection = (locale: Locale): 'ltr' | 'rtl' => (RIGHT_TO_LEFT.has(locale) ? 'rtl' : 'ltr');

const dateFormats = new Map<Locale, Intl.DateTimeFormat>();

/**
 * A date as people of the locale write it, e.g. "23 December 2026", "2026年12月23日". One formatter per locale
 * for the container's life: building one costs more than the rest of an email's rendering.
 */
export function formatDate(locale: Locale, date: Date): string {
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
    dateFormats.set(locale, format);
  }
  return format.format(date);
}

/** A deadline as people of the locale say it: whole days from two days up ("3 days"), else hours ("24 hours"). */
export function formatDuration(locale: Locale, ms: number): string {
  const hours = Math.max(1, Math.round(ms / 3_600_000));
  const [value, unit] = hours >= 48 && hours % 24 === 0 ? [hours / 24, 'day'] : [hours, 'hour'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}
