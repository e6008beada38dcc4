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
