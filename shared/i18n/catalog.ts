import { ar } from './catalogs/ar.ts';
import { de } from './catalogs/de.ts';
import { en } from './catalogs/en.ts';
import { es } from './catalogs/es.ts';
import { fr } from './catalogs/fr.ts';
import { it } from './catalogs/it.ts';
import { ja } from './catalogs/ja.ts';
import { nl } from './catalogs/nl.ts';
import { pl } from './catalogs/pl.ts';
import { pt } from './catalogs/pt.ts';
import { sv } from './catalogs/sv.ts';
import type { Locale } from './locales.ts';
import type { LoopEmailMessages, PageMessages, ReasonMessages, SurveyEmailMessages } from './messages.ts';

/** Every word closeloop shows a customer in one locale: the survey emails, the answer pages, the loop's emails. */
export interface Catalog {
  email: SurveyEmailMessages;
  page: PageMessages;
  loop: LoopEmailMessages;
  reasons: ReasonMessages;
}

export const CATALOGS: Record<Locale, Catalog> = { en, es, fr, de, pt, it, nl, sv, pl, ja, ar };

export const catalogFor = (locale: Locale): Catalog => CATALOGS[locale];
