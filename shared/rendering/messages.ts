/** The words of a survey email; each locale's are in `shared/i18n/catalogs/`. */
export interface SurveyEmailMessages {
  npsSubject: string;
  npsGreeting: string;
  npsGreetingAnonymous: string;
  npsQuestion: string;
  npsLow: string;
  npsHigh: string;
  npsTextInstructions: string;
  footerWhy: string;
  replyNoScoreSubject: string;
  replyNoScoreIntro: string;
  /** `{subject}` is the survey's own subject. */
  reminderSubject: string;
  reminderIntro: string;
  csatSubject: string;
  csatQuestion: string;
  csatFooterWhy: string;
  footerExpiry: string;
  /** The visible unsubscribe link in the footer (beside the `List-Unsubscribe` header). */
  unsubscribe: string;
}
