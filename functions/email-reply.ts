import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SESEvent } from 'aws-lambda';
import { DynamoDbSuppressionList } from '#shared/adapters/dynamodb/suppression-list.ts';
import { S3InboundMail } from '#shared/adapters/s3-inbound-mail.ts';
import { SesMailer } from '#shared/adapters/ses-mailer.ts';
import { SqsDeadLetters } from '#shared/adapters/sqs-dead-letters.ts';
import { DomainError } from '#shared/domain/errors.ts';
import { answerDeps } from '#shared/platform/answer-deps.ts';
import { countMetric } from '#shared/platform/business-metrics.ts';
import { dynamoDocumentClient, s3Client, sesClient, sqsClient } from '#shared/platform/clients.ts';
import { functionEnv } from '#shared/platform/env.ts';
import { logger } from '#shared/platform/observability.ts';
import { INBOUND_MAIL_PREFIX } from '#shared/topology/wiring.ts';
import { handleEmailReply } from '#shared/use-cases/handle-email-reply.ts';

const env = functionEnv('EmailReply');
const deps = {
  ...answerDeps(env),
  mailer: new SesMailer(sesClient(), env.SES_CONFIGURATION_SET),
  suppressions: new DynamoDbSuppressionList(dynamoDocumentClient(), env.TABLE_NAME),
  publicBaseUrl: env.PUBLIC_BASE_URL,
};
const inbound = new S3InboundMail(s3Client(), env.INBOUND_MAIL_BUCKET);
const deadLetters = new SqsDeadLetters(sqsClient(), env.DEAD_LETTER_QUEUE_URL);

/**
 * SES receipt (after the S3 action stored the message) → the reply read and answered, and the stored message
 * deleted. A reply that can never be recorded (no token, a forged or expired link) is dead-lettered with its reason
 * (not its sender) and deleted too; anything else is thrown, so Lambda's asynchronous retries and failure
 * destination take it, with the message still stored.
 */
export const handler = middy<SESEvent, void>()
  .use(injectLambdaContext(logger))
  .handler(async (event) => {
    for (const record of event.Records) {
      const { mail, receipt } = record.ses;
      const key = `${INBOUND_MAIL_PREFIX}${mail.messageId}`;
      try {
        const email = await inbound.read(key, receipt.recipients);
        const result = await handleEmailReply(deps, {
          ...email,
          authentication: {
            spf: receipt.spfVerdict?.status,
            dkim: receipt.dkimVerdict?.status,
            dmarc: receipt.dmarcVerdict?.status,
          },
        });
        logger.info(
          'Reply handled',
          result.outcome === 'ignored' ? { key, ...result } : { key, outcome: result.outcome },
        );
        countMetric('RepliesRecorded', {
          outcome: result.outcome === 'ignored' ? `ignored-${result.reason}` : result.outcome,
        });
      } catch (error) {
        if (!(error instanceof DomainError && error.permanent)) throw error;
        logger.warn('Reply dead-lettered', { key, reason: error.message });
        // Why, and which message; not who sent it (retrying cannot fix it, and the sender is personal data).
        await deadLetters.put({
          body: JSON.stringify({ key, messageId: mail.messageId, recipients: receipt.recipients }),
          reason: error.message,
          errorName: error.name,
          source: 'Email Reply',
          receiveCount: 1,
        });
      }
      // Handled for good (answered, ignored or dead-lettered): the raw email goes. A failure that is retried keeps it.
      await inbound.discard(key);
    }
  });
