import type { CloseloopConfig } from '../config/schema.ts';
import { verifyUnsubscribeToken } from '../domain/unsubscribe-token.ts';
import { catalogFor } from '../i18n/catalog.ts';
import type { Clock } from '../ports/clock.ts';
import type { SigningKeys } from '../ports/signing-keys.ts';
import type { SuppressionList } from '../ports/suppression-list.ts';
import type { SurveyRepository } from '../ports/survey-repository.ts';
import { renderUnsubscribeConfirm, renderUnsubscribed } from '../rendering/unsubscribe-page.ts';
import { pageStyleOf } from './answer-views.ts';

export interface UnsubscribeDeps {
  keys: Pick<SigningKeys, 'all'>;
  surveys: Pick<SurveyRepository, 'get'>;
  suppressions: Pick<SuppressionList, 'suppressHash'>;
  clock: Clock;
  config: CloseloopConfig;
}

/** The page speaks the survey's store and language; a survey erased since still unsubscribes, in the `*` store's. */
async function styleFor(deps: UnsubscribeDeps, surveyId: string, acceptLanguages: readonly string[]) {
  const survey = await deps.surveys.get(surveyId);
  const style = pageStyleOf(deps.config, survey, acceptLanguages);
  return { ...style, messages: style.messages ?? catalogFor('en').page };
}

/** `GET /u/{token}`: verifies the link and asks; changes nothing. */
export async function showUnsubscribe(deps: UnsubscribeDeps, token: string, acceptLanguages: readonly string[]) {
  const claims = verifyUnsubscribeToken(token, await deps.keys.all());
  return renderUnsubscribeConfirm(
    await styleFor(deps, claims.surveyId, acceptLanguages),
    `/u/${encodeURIComponent(token)}`,
  );
}

/**
 * `POST /u/{token}` (the confirm button, or a mail client's RFC 8058 one-click POST):
 * 1. verify the link (malformed, altered or foreign: nothing written);
 * 2. suppress the address's hash for every program and follow-up, reason `unsubscribed` (an earlier bounce or
 *    complaint stays the reason); doing it twice changes nothing.
 */
export async function unsubscribe(deps: UnsubscribeDeps, token: string, acceptLanguages: readonly string[]) {
  const claims = verifyUnsubscribeToken(token, await deps.keys.all());
  const outcome = await deps.suppressions.suppressHash(
    claims.emailHash,
    'unsubscribed',
    deps.clock.now().toISOString(),
  );
  return { outcome, page: renderUnsubscribed(await styleFor(deps, claims.surveyId, acceptLanguages)) };
}
