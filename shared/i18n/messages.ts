/** The shapes of the messages each catalog provides per language: what the renderers read. */

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

/** The words of the emails that close the loop with a customer; each locale's are in `shared/i18n/catalogs/`. */
export interface LoopEmailMessages {
  followUpSubject: string;
  /** `{within}` is the store's follow-up deadline, e.g. "24 hours". */
  followUpBody: string;
  followUpReply: string;
  thankYouSubject: string;
  thankYouBody: string;
  referralInvite: string;
  referralButton: string;
  reviewInvite: string;
  reviewButton: string;
  answerThanksSubject: string;
  answerThanksBody: string;
  signOff: string;
}

/** The words of the answer pages; each locale's are in `shared/i18n/catalogs/`. */
export interface PageMessages {
  npsQuestion: string;
  csatQuestion: string;
  cesQuestion: string;
  npsLow: string;
  npsHigh: string;
  csatLabels: [string, string, string, string, string];
  cesLow: string;
  cesHigh: string;
  commentLabel: string;
  send: string;
  update: string;
  thanks: string;
  thanksChanged: string;
  yourAnswer: string;
  changeHint: string;
  closedTitle: string;
  invalidLinkTitle: string;
  notFoundTitle: string;
  badAnswerTitle: string;
  errorTitle: string;
  unsubscribeTitle: string;
  unsubscribeBody: string;
  unsubscribeButton: string;
  unsubscribedTitle: string;
}

/** The reasons a customer may give for their score: closeloop's own choices, which a program may list or relabel. */
export const BUILTIN_REASONS = ['delivery', 'product', 'price', 'service', 'website', 'other'] as const;
export type BuiltinReason = (typeof BUILTIN_REASONS)[number];

/** The words of the reason question on the answer page; each locale's are in `shared/i18n/catalogs/`. */
export interface ReasonMessages {
  /** Asked when one reason may be chosen. */
  question: string;
  /** Asked when several may. */
  questionMultiple: string;
  labels: Record<BuiltinReason, string>;
}
