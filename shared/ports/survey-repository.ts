import type { Survey } from '../domain/survey.ts';

export interface SurveyRepository {
  /** Stores a new survey unless one with its id exists; says which happened. */
  createIfAbsent(survey: Survey): Promise<'created' | 'exists'>;
  get(id: string): Promise<Survey | undefined>;
  /**
   * Takes the send lease atomically: succeeds for a pending survey or an expired lease, returns undefined when the
   * survey is sent already or another holder's lease is live.
   */
  claimForSending(id: string, now: Date, leaseUntil: Date): Promise<Survey | undefined>;
  /** Records SES's acceptance. Only the lease holder (same `leaseUntil`) may. */
  markSent(id: string, sent: { messageId: string; sentAt: string; leaseUntil: string }): Promise<void>;
  markAnnounced(id: string): Promise<void>;
}
