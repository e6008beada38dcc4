import { SurveyClosed, SurveyNotFound, SurveyTokenExpired } from '../domain/errors.ts';
import type { Survey } from '../domain/survey.ts';
import { verifySurveyToken } from '../domain/survey-token.ts';
import type { Clock } from '../ports/clock.ts';
import type { SigningKeys } from '../ports/signing-keys.ts';
import type { SurveyRepository } from '../ports/survey-repository.ts';

/*
 * Apart from recording an answer, so that the pages that only show a survey (the answer page, unsubscribing) carry
 * none of the answer's schemas: each would be built at their cold start.
 */

/** Verifies a survey link and loads its survey: 403 for a bad link, 404 for an unknown survey, 410 once expired. */
export async function openSurvey(
  deps: { surveys: Pick<SurveyRepository, 'get'>; keys: SigningKeys; clock: Clock },
  token: string,
): Promise<Survey> {
  let surveyId: string;
  try {
    surveyId = verifySurveyToken(token, await deps.keys.all(), deps.clock.now()).surveyId;
  } catch (error) {
    if (error instanceof SurveyTokenExpired) throw new SurveyClosed('This survey has closed.');
    throw error;
  }
  const survey = await deps.surveys.get(surveyId);
  if (survey === undefined) throw new SurveyNotFound('This survey no longer exists.');
  return survey;
}
