import type { SkipReason } from '../domain/survey.ts';

export type SuppressionReason = Extract<SkipReason, 'unsubscribed' | 'bounced' | 'complained'>;

/** Addresses no survey, reminder or follow-up may go to, with why. */
export interface SuppressionList {
  reasonFor(email: string): Promise<SuppressionReason | undefined>;
  suppress(email: string, reason: SuppressionReason, at: string): Promise<void>;
}
