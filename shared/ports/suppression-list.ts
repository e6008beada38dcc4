import type { SkipReason } from '../domain/survey.ts';

export type SuppressionReason = Extract<SkipReason, 'unsubscribed' | 'bounced' | 'complained'>;

/** Addresses no survey, reminder or follow-up may go to, with why. */
export interface SuppressionList {
  reasonFor(email: string): Promise<SuppressionReason | undefined>;
  suppress(email: string, reason: SuppressionReason, at: string): Promise<void>;
  /** The same, for an address known only by its hash (an unsubscribe link); an earlier reason is kept. */
  suppressHash(hash: string, reason: SuppressionReason, at: string): Promise<'suppressed' | 'already'>;
}
