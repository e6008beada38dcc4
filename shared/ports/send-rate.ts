/** Admits one email at a time within the account's SES maximum send rate, waiting for a free slot. */
export interface SendRateLimiter {
  acquire(): Promise<void>;
}
