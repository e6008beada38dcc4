/**
 * The customers' inbox on SES local, read incrementally: each poll asks only for what was accepted since the
 * previous poll began (SES local stamps emails in whole seconds), so polling stays cheap while thousands arrive.
 */
export interface SeenEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  from: string;
  token: string;
}

interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
  at: number;
}

export class SesInbox {
  readonly emails = new Map<string, SeenEmail>();
  private since = 0;
  private readonly sesUrl: string;

  constructor(sesUrl: string) {
    this.sesUrl = sesUrl;
  }

  /** Reads what arrived since the last poll; returns how many emails have arrived in all. */
  async poll(): Promise<number> {
    const started = Math.floor(Date.now() / 1000) - 1;
    const response = await fetch(`${this.sesUrl}/store?since=${this.since}`);
    const { emails } = (await response.json()) as { emails: StoredEmail[] };
    for (const email of emails) {
      if (this.emails.has(email.messageId)) continue;
      const html = email.body.html ?? '';
      const link = /href="[^"]*\/s\/([^"?]+)/.exec(html);
      this.emails.set(email.messageId, {
        to: email.destination.to[0] ?? '',
        subject: email.subject,
        html,
        text: email.body.text ?? '',
        from: email.from,
        token: link?.[1] ?? '',
      });
    }
    this.since = started;
    return this.emails.size;
  }

  /** Polls until `count` emails matching `filter` have arrived; resolves with the time of the poll that saw them. */
  async waitFor(filter: (email: SeenEmail) => boolean, count: number, timeoutMs: number): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      await this.poll();
      const seen = [...this.emails.values()].filter(filter).length;
      if (seen >= count) return performance.now();
      if (performance.now() > deadline) throw new Error(`only ${seen} of ${count} emails arrived in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
