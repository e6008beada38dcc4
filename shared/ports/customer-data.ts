/** Everything closeloop holds about one customer, as far as erasing it needs. */
export interface CustomerData {
  /** Up to `limit` of the customer's surveys not yet erased. */
  surveyIds(customerId: string, limit: number): Promise<string[]>;
  /**
   * Erases one survey in one transaction: the survey becomes a tombstone with no personal data (so a redelivered
   * event cannot bring it back, and nothing more is sent for it), its answer loses the comment and who gave it
   * (the score stays, as the aggregates count it), its follow-up case loses the customer, the comment and the
   * notes, and its loop state goes. False when it was erased already.
   */
  eraseSurvey(surveyId: string, at: string): Promise<boolean>;
  /** Forgets the customer's ledgers: contacts (when each program last wrote) and purchases. */
  eraseLedger(customerId: string): Promise<void>;
}
