/** A received email, as the reply handler needs it. */
export interface ReceivedEmail {
  messageId: string;
  from?: string | undefined;
  /** Envelope recipients when known (SES receipt, SMTP RCPT TO), else the To and Cc headers. */
  recipients: string[];
  /** The plain-text body, or the HTML body turned into text (quotes as `>` lines). */
  text: string;
}

export interface InboundMail {
  /** Fetches and parses the raw message stored under `key`. */
  read(key: string, envelopeRecipients: readonly string[]): Promise<ReceivedEmail>;
}
