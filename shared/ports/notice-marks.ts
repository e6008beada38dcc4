/**
 * Staff notices sent at most once (a week's digest, a week's score-drop alert), by key: a run takes a notice with a
 * lease before sending it and marks it sent after. A run that crashes in between loses the lease, and a later run
 * sends the notice again; a notice marked sent is never sent again.
 */
export interface NoticeMarks {
  /** True when this run may send the notice: never sent, and nobody holds it now. */
  claim(key: string, now: Date, leaseMs: number): Promise<boolean>;
  sent(key: string, at: Date): Promise<void>;
}
