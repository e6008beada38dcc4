/** The words of a survey email. One catalog per locale; English is the last fallback. */
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
  footerExpiry: string;
}

export const en: SurveyEmailMessages = {
  npsSubject: 'How likely are you to recommend {brand}?',
  npsGreeting: 'Hi {name},',
  npsGreetingAnonymous: 'Hi,',
  npsQuestion: 'How likely are you to recommend {brand} to a friend or colleague?',
  npsLow: 'Not at all likely',
  npsHigh: 'Extremely likely',
  npsTextInstructions: 'Open the link next to your answer:',
  replyNoScoreSubject: 'Which score would you give {brand}?',
  replyNoScoreIntro:
    'Thank you for your reply! We could not find a score from 0 to 10 in it, so nothing was recorded yet. Please choose one:',
  footerWhy: 'You are receiving this one-time question because of your recent order with {brand}.',
  footerExpiry: 'This survey closes on {date}.',
};
