export interface OutgoingEmail {
  to: string;
  from: string;
  replyTo?: string[] | undefined;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string> | undefined;
  /** Tags SES attaches to delivery, bounce and complaint events (survey id, program, store). */
  tags?: Record<string, string> | undefined;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}
