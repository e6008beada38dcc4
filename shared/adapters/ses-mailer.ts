import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Mailer, OutgoingEmail } from '../ports/mailer.ts';

/** SES message tags allow only these characters. */
const tagValue = (value: string) => value.replace(/[^A-Za-z0-9_.@-]/g, '_').slice(0, 256);

/** Sends through SES v2 with Simple content: SES builds the MIME, and our custom headers survive. */
export class SesMailer implements Mailer {
  private readonly ses: SESv2Client;
  private readonly configurationSetName: string | undefined;

  constructor(ses: SESv2Client, configurationSetName: string | undefined) {
    this.ses = ses;
    this.configurationSetName = configurationSetName;
  }

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const result = await this.ses.send(
      new SendEmailCommand({
        FromEmailAddress: email.from,
        Destination: { ToAddresses: [email.to] },
        ReplyToAddresses: email.replyTo,
        ConfigurationSetName: this.configurationSetName,
        EmailTags: Object.entries(email.tags ?? {}).map(([Name, Value]) => ({ Name, Value: tagValue(Value) })),
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: { Html: { Data: email.html, Charset: 'UTF-8' }, Text: { Data: email.text, Charset: 'UTF-8' } },
            Headers: Object.entries(email.headers ?? {}).map(([Name, Value]) => ({ Name, Value })),
          },
        },
      }),
    );
    if (!result.MessageId) throw new Error('SES accepted the email but returned no message id');
    return { messageId: result.MessageId };
  }
}
