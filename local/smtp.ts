import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMessage {
  messageId: string;
  from: string;
  recipients: string[];
  raw: Buffer;
}

/**
 * The replies domain's inbound mail, locally: an SMTP server that accepts mail for `domain` (550 for any other),
 * hands each message to `receive` (which stores it, as SES's S3 action does) and only then says 250.
 */
export async function startSmtp(options: {
  port: number;
  domain: string;
  maxBytes: number;
  receive: (message: ReceivedMessage) => Promise<void>;
}) {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: options.maxBytes,
    onRcptTo(address, _session, callback) {
      const domain = address.address.slice(address.address.lastIndexOf('@') + 1).toLowerCase();
      if (domain === options.domain.toLowerCase()) callback();
      else callback(Object.assign(new Error(`No mailbox here for ${address.address}`), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if ((stream as { sizeExceeded?: boolean }).sizeExceeded) {
          callback(Object.assign(new Error('Message too large'), { responseCode: 552 }));
          return;
        }
        const message: ReceivedMessage = {
          messageId: randomUUID(),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          recipients: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks),
        };
        options.receive(message).then(
          () => callback(),
          (error: Error) => callback(Object.assign(error, { responseCode: 451 })),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return { port, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The event SES's Lambda action gives a function, for a message its S3 action stored. */
export function sesReceiptEvent(message: ReceivedMessage, functionArn: string) {
  const now = new Date().toISOString();
  return {
    Records: [
      {
        eventSource: 'aws:ses',
        eventVersion: '1.0',
        ses: {
          mail: {
            timestamp: now,
            source: message.from,
            messageId: message.messageId,
            destination: message.recipients,
            headersTruncated: false,
            headers: [],
            commonHeaders: {
              returnPath: message.from,
              from: [message.from],
              to: message.recipients,
              messageId: message.messageId,
              subject: '',
            },
          },
          receipt: {
            timestamp: now,
            processingTimeMillis: 0,
            recipients: message.recipients,
            spamVerdict: { status: 'PASS' },
            virusVerdict: { status: 'PASS' },
            spfVerdict: { status: 'PASS' },
            dkimVerdict: { status: 'PASS' },
            dmarcVerdict: { status: 'PASS' },
            action: { type: 'Lambda', functionArn, invocationType: 'Event' },
          },
        },
      },
    ],
  };
}
