import type { SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { EmailRejected } from '../domain/errors.ts';
import type { Mailer, OutgoingEmail } from '../ports/mailer.ts';
import { headerText } from '../rendering/address.ts';
import type { SesApi } from './aws/services.ts';

/**
 * SES errors that retrying the same email cannot fix: it goes to the dead letters at once, with SES's reason.
 * Throttling (TooManyRequests), the daily quota (LimitExceeded), a paused account and 5xx are retried: first by
 * the SDK with backoff, then by the queue.
 */
const PERMANENT = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'BadRequestException',
  'NotFoundException',
]);

/** SES message tags allow only these characters. */
const tagValue = (value: string) => value.replace(/[^A-Za-z0-9_.@-]/g, '_').slice(0, 256);

/** Sends through SES v2 with Simple content: SES builds the MIME, and our custom headers survive. */
export class SesMailer implements Mailer {
  private readonly ses: SesApi;
  private readonly configurationSetName: string | undefined;

  constructor(ses: SesApi, configurationSetName: string | undefined) {
    this.ses = ses;
    this.configurationSetName = configurationSetName;
  }

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const result = await this.sendOrClassify({
      FromEmailAddress: email.from,
      Destination: { ToAddresses: [email.to] },
      ReplyToAddresses: email.replyTo,
      ConfigurationSetName: this.configurationSetName,
      EmailTags: Object.entries(email.tags ?? {}).map(([Name, Value]) => ({ Name, Value: tagValue(Value) })),
      Content: {
        Simple: {
          Subject: { Data: headerText(email.subject), Charset: 'UTF-8' },
          Body: { Html: { Data: email.html, Charset: 'UTF-8' }, Text: { Data: email.text, Charset: 'UTF-8' } },
          Headers: Object.entries(email.headers ?? {}).map(([Name, Value]) => ({ Name, Value: headerText(Value) })),
        },
      },
    });
    if (!result.MessageId) throw new Error('SES accepted the email but returned no message id');
    return { messageId: result.MessageId };
  }

  private async sendOrClassify(input: SendEmailCommandInput) {
    try {
      return await this.ses.sendEmail(input);
    } catch (error) {
      const name = (error as Error).name;
      if (PERMANENT.has(name)) throw new EmailRejected(`SES refused the email (${name}): ${(error as Error).message}`);
      throw error;
    }
  }
}
