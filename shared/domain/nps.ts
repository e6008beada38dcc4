/** NPS: "How likely are you to recommend {brand}?" answered 0–10. */
export const NPS_SCORES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

export type NpsClass = 'promoter' | 'passive' | 'detractor';

export function classifyNps(score: number): NpsClass {
  if (!Number.isInteger(score) || score < 0 || score > 10) throw new RangeError(`NPS score out of range: ${score}`);
  if (score >= 9) return 'promoter';
  if (score >= 7) return 'passive';
  return 'detractor';
}
