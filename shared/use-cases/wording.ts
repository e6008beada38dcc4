import type { WordingConfig } from '../config/outer-loop.ts';
import type { CloseloopConfig } from '../config/schema.ts';
import { catalogFor } from '../i18n/catalog.ts';
import type { Locale } from '../i18n/locales.ts';
import type { PageMessages, SurveyEmailMessages } from '../i18n/messages.ts';

/**
 * The words a program's survey speaks in a language: closeloop's catalog, with the program's own wording
 * (`programs.<id>.wording.<language>`) wherever it gives a field. The email and the page ask the same question.
 */
export function programWords(
  config: Pick<CloseloopConfig, 'programs'>,
  program: string,
  locale: Locale,
): { email: SurveyEmailMessages; page: PageMessages } {
  const catalog = catalogFor(locale);
  const own: NonNullable<WordingConfig[Locale]> = config.programs[program]?.wording?.[locale] ?? {};
  const email = { ...catalog.email };
  const page = { ...catalog.page };
  if (own.question) {
    email.npsQuestion = own.question;
    email.csatQuestion = own.question;
    page.npsQuestion = own.question;
    page.csatQuestion = own.question;
  }
  if (own.low) email.npsLow = page.npsLow = own.low;
  if (own.high) email.npsHigh = page.npsHigh = own.high;
  if (own.labels) page.csatLabels = [...own.labels];
  if (own.comment) page.commentLabel = own.comment;
  if (own.ces) page.cesQuestion = own.ces;
  return { email, page };
}
