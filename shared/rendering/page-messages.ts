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
