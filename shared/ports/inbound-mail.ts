/** A received email, as the reply handler needs it. */
export interface ReceivedEmail {
  messageId: string;
  from?: string | undefined;
  /** Envelope recipients when known (SES receipt, SMTP RCPT TO), else the To and Cc headers. */
  recipients: string[];
  /** The plain-text body, or the HTML body turned into text (quotes as `>` lines). */
  text: string;
  subject: string;
  /** Header values by lower-cased name (the first of each): what tells an autoresponder from a person. */
  headers: Record<string, string>;
  /**
   * What the receiving server checked (SES's receipt verdicts): a reply that fails DMARC, or both SPF and DKIM,
   * did not come from the address it shows.
   */
  authentication?: { spf?: string; dkim?: string; dmarc?: string } | undefined;
}

export interface InboundMail {
  /** Fetches and parses the raw message stored under `key`. */
  read(key: string, envelopeRecipients: readonly string[]): Promise<ReceivedEmail>;
  /** Deletes the raw message once it is handled: it holds the customer's address and words. */
  discard(key: string): Promise<void>;
}
