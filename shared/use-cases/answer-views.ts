import { storeFor } from '../config/deployed.ts';
import type { CloseloopConfig } from '../config/schema.ts';
import { changeWindowOpen, classify, SCALES } from '../domain/answer.ts';
import { SurveyClosed } from '../domain/errors.ts';
import { reasonLabel, reasonQuestion } from '../domain/reasons.ts';
import { asksCes, type Survey } from '../domain/survey.ts';
import { catalogFor } from '../i18n/catalog.ts';
import { acceptedLanguages, formatDuration, type Locale, resolveLocale, textDirection } from '../i18n/locales.ts';
import type { Clock } from '../ports/clock.ts';
import type { ResponseRepository } from '../ports/response-repository.ts';
import type { SigningKeys } from '../ports/signing-keys.ts';
import type { SurveyRepository } from '../ports/survey-repository.ts';
import { type PageStyle, renderAnswerPage, renderMessagePage } from '../rendering/answer-page.ts';
import { fill } from '../rendering/html.ts';
import { openSurvey } from './open-survey.ts';
import { programWords } from './wording.ts';

/**
 * How a page looks and speaks: the survey's store and locale; without a survey (a bad link), the `*` store and
 * the browser's languages.
 */
export function pageStyleOf(
  config: CloseloopConfig,
  survey: Survey | undefined,
  browserLanguages: readonly string[] = [],
): PageStyle {
  const store = survey ? storeFor(config, survey.storeId) : config.stores['*'];
  const locale = survey
    ? resolveLocale(survey.locale, store?.defaultLocale)
    : resolveLocale(...browserLanguages, store?.defaultLocale);
  return {
    brandName: store?.brandName ?? 'closeloop',
    primaryColour: store?.primaryColour ?? '#1f6feb',
    logoUrl: store?.logoUrl,
    lang: locale,
    dir: textDirection(locale),
    messages: survey ? programWords(config, survey.program, locale).page : catalogFor(locale).page,
  };
}

const actionOf = (token: string) => `/s/${encodeURIComponent(token)}`;

/**
 * `GET /s/{token}?score=n`: the question with the clicked score preselected. It reads and never writes: a link
 * scanner that fetches every link of the email records nothing. A score outside the scale is simply not preselected.
 */
export async function showAnswerPage(
  deps: {
    surveys: Pick<SurveyRepository, 'get'>;
    responses: ResponseRepository;
    keys: SigningKeys;
    clock: Clock;
    config: CloseloopConfig;
  },
  input: { token: string; score: string | undefined; nonce: string; answered?: string | undefined },
): Promise<string> {
  const survey = await openSurvey(deps, input.token);
  const previous = await deps.responses.get(survey.id);
  if (previous && !changeWindowOpen(previous, deps.clock.now())) throw new SurveyClosed('This survey has closed.');
  // Where the POST redirects (so that a reload never posts again): the answer as recorded, and what comes next.
  if (previous && (input.answered === 'recorded' || input.answered === 'changed'))
    return finishedPage(deps.config, survey, previous, input.token, input.nonce, input.answered);
  const { min, max } = SCALES[survey.metric];
  const clicked = input.score !== undefined && /^\d{1,2}$/.test(input.score) ? Number(input.score) : undefined;
  const selected = clicked !== undefined && clicked >= min && clicked <= max ? clicked : undefined;
  const shown = selected ?? previous?.score;
  const style = pageStyleOf(deps.config, survey);
  return renderAnswerPage({
    ...style,
    action: actionOf(input.token),
    metric: survey.metric,
    asksCes: asksCes(survey),
    selected: shown,
    comment: previous?.comment,
    ces: previous?.ces,
    // The score clicked in the email is known: its reason question is asked beside it, sent with it.
    reasonQuestion:
      shown === undefined ? undefined : reasonQuestionView(deps.config, survey, shown, style.lang as Locale),
    reasons: selected === undefined || selected === previous?.score ? previous?.reasons : undefined,
    submitOnChoice: true,
    nonce: input.nonce,
    state: 'question',
  });
}

/** After an answer: thanks, the answer as recorded, the store's promise to a detractor, and the next step. */
function finishedPage(
  config: CloseloopConfig,
  survey: Survey,
  response: {
    score: number;
    comment?: string | undefined;
    ces?: number | undefined;
    reasons?: readonly string[] | undefined;
  },
  token: string,
  nonce: string,
  state: 'recorded' | 'changed',
): string {
  const style = pageStyleOf(config, survey);
  const locale = style.lang as Locale;
  const store = storeFor(config, survey.storeId);
  const promise =
    classify(survey.metric, response.score) === 'detractor'
      ? fill(catalogFor(locale).loop.followUpBody, {
          brand: store.brandName,
          within: formatDuration(locale, store.followUp.within),
        })
      : undefined;
  return renderAnswerPage({
    ...style,
    action: actionOf(token),
    metric: survey.metric,
    asksCes: asksCes(survey),
    selected: response.score,
    comment: response.comment,
    ces: response.ces,
    reasonQuestion: reasonQuestionView(config, survey, response.score, locale),
    reasons: response.reasons,
    submitOnChoice: false,
    nonce,
    state,
    promise,
  });
}

/** The reason question the program asks after this score, in the customer's words; none if it asks none. */
function reasonQuestionView(config: CloseloopConfig, survey: Survey, score: number, locale: Locale) {
  const settings = config.programs[survey.program]?.reasons;
  const question = reasonQuestion(settings, classify(survey.metric, score));
  if (question === undefined) return undefined;
  const words = catalogFor(locale).reasons;
  return {
    legend: question.multiple ? words.questionMultiple : words.question,
    multiple: question.multiple,
    choices: question.choices.map((id) => ({ id, label: reasonLabel(settings, id, locale, words.labels) })),
  };
}

/** Where a recorded answer's POST sends the browser: the same link, in its finished state. */
export const finishedUrl = (token: string, outcome: string) =>
  `${actionOf(token)}?answered=${outcome === 'changed' ? 'changed' : 'recorded'}`;

/**
 * The page for an error status, in the words a customer can act on, in the browser's language (the link that
 * failed names no survey whose language could be used).
 */
export function errorPage(config: CloseloopConfig, status: number, message: string, acceptLanguage?: string): string {
  const style = pageStyleOf(config, undefined, acceptedLanguages(acceptLanguage));
  const m = style.messages ?? catalogFor('en').page;
  const title =
    status === 410
      ? m.closedTitle
      : status === 403
        ? m.invalidLinkTitle
        : status === 404
          ? m.notFoundTitle
          : status === 400
            ? m.badAnswerTitle
            : m.errorTitle;
  return renderMessagePage(style, title, status === 400 ? message : undefined);
}
