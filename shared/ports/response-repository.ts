import type { SurveyResponse } from '../domain/answer.ts';
import type { Survey } from '../domain/survey.ts';

export interface ResponseRepository {
  get(surveyId: string): Promise<(SurveyResponse & { pendingEvent?: Record<string, unknown> }) | undefined>;
  /**
   * Writes the answer and moves the aggregate counters in one transaction, with the event to announce kept on
   * the response until it is published. `previous` is what the caller read: if the stored version differs, nothing
   * is written and AnswerConflict is thrown, so a duplicate or a race never counts twice.
   */
  save(
    survey: Survey,
    next: SurveyResponse,
    previous: SurveyResponse | undefined,
    pendingEvent: Record<string, unknown>,
  ): Promise<void>;
}
