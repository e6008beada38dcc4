/** The words of the answer pages. One catalog per locale; English is the last fallback. */
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
}

export const pageEn: PageMessages = {
  npsQuestion: 'How likely are you to recommend {brand} to a friend or colleague?',
  csatQuestion: 'How satisfied were you with the support you received from {brand}?',
  cesQuestion: '{brand} made it easy to handle my issue.',
  npsLow: 'Not at all likely',
  npsHigh: 'Extremely likely',
  csatLabels: ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'],
  cesLow: 'Strongly disagree',
  cesHigh: 'Strongly agree',
  commentLabel: 'Anything you would like to add? (optional)',
  send: 'Send my answer',
  update: 'Update my answer',
  thanks: 'Thank you for your answer!',
  thanksChanged: 'Thank you, your answer is updated.',
  yourAnswer: 'Your answer: {score}',
  changeHint: 'You can change your answer or add a comment below for the next 7 days.',
  closedTitle: 'This survey has closed.',
  invalidLinkTitle: 'This survey link is not valid. Please use the link from your email.',
  notFoundTitle: 'We could not find this survey.',
  badAnswerTitle: 'We could not read that answer.',
  errorTitle: 'Something went wrong on our side. Please try again in a moment.',
};
