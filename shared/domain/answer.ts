import type { Metric } from './survey.ts';

/** The scale of each metric (DESIGN.md): NPS 0–10, CSAT 1–5, CES 1–7. */
export const SCALES: Record<Metric, { min: number; max: number }> = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
};

export type AnswerClass = 'promoter' | 'passive' | 'detractor';

/** Detractor: NPS 0–6, CSAT 1–2, CES 1–3. Promoter: NPS 9–10, CSAT 5. Everything else is passive. */
export function classify(metric: Metric, score: number): AnswerClass {
  const { min, max } = SCALES[metric];
  if (!Number.isInteger(score) || score < min || score > max)
    throw new RangeError(`${metric} score out of range: ${score}`);
  switch (metric) {
    case 'nps':
      return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
    case 'csat':
      return score === 5 ? 'promoter' : score >= 3 ? 'passive' : 'detractor';
    case 'ces':
      return score <= 3 ? 'detractor' : 'passive';
  }
}

export const MAX_COMMENT_LENGTH = 2000;
/** An answer may be changed (score, comment, CES) for this long after it was first given. */
export const CHANGE_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

export type AnswerChannel = 'web' | 'email';

/** What a customer said. `ces` is the optional second question after a CSAT answer. */
export interface Answer {
  score: number;
  comment?: string | undefined;
  ces?: number | undefined;
  /** The reasons picked after the score (ids of the program's reason question), when it asks one. */
  reasons?: readonly string[] | undefined;
}

/** The stored answer to one survey. */
export interface SurveyResponse extends Answer {
  surveyId: string;
  /** When the first answer arrived: the day it counts on, and the start of the change window. */
  answeredAt: string;
  updatedAt: string;
  channel: AnswerChannel;
  /** Incremented by every change; the condition that keeps two concurrent changes from both counting. */
  version: number;
  /** When the retention period ends (`retention.surveys`, from the first answer). */
  retainUntil?: string | undefined;
  /** The themes the comment mentions (see `themes.ts`); none without a comment. */
  themes?: readonly string[] | undefined;
  /** How the comment sounds, when a model classified it. */
  sentiment?: 'positive' | 'neutral' | 'negative' | 'mixed' | undefined;
}

export function sameAnswer(a: Answer, b: Answer): boolean {
  const reasons = (answer: Answer) => [...(answer.reasons ?? [])].sort().join(',');
  return a.score === b.score && (a.comment ?? '') === (b.comment ?? '') && a.ces === b.ces && reasons(a) === reasons(b);
}

export function changeWindowOpen(response: Pick<SurveyResponse, 'answeredAt'>, now: Date): boolean {
  return now.getTime() < Date.parse(response.answeredAt) + CHANGE_WINDOW_MS;
}
