import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { DynamoDbSendRateLimiter } from '#shared/adapters/dynamodb/send-rate-limiter.ts';
import { DynamoDbSuppressionList } from '#shared/adapters/dynamodb/suppression-list.ts';
import { DynamoDbSurveyRepository } from '#shared/adapters/dynamodb/survey-repository.ts';
import { SecretsManagerSigningKeys } from '#shared/adapters/secrets-manager-signing-keys.ts';
import { SesMailer } from '#shared/adapters/ses-mailer.ts';
import { SqsDeadLetters } from '#shared/adapters/sqs-dead-letters.ts';
import { loadConfigFile } from '#shared/config/load.ts';
import { sendRequest } from '#shared/contracts/send-request.ts';
import { dynamoDocumentClient, secretsManagerClient, sesClient, sqsClient } from '#shared/platform/clients.ts';
import { functionEnv } from '#shared/platform/env.ts';
import { eventPublisher } from '#shared/platform/metered-events.ts';
import { logger } from '#shared/platform/observability.ts';
import { sqsMessageConsumer } from '#shared/platform/sqs-event-consumer.ts';
import { systemClock } from '#shared/ports/clock.ts';
import { describedFunction } from '#shared/topology/wiring.ts';
import { sendSurvey } from '#shared/use-cases/send-survey.ts';

const env = functionEnv('SendSurvey');

const config = loadConfigFile(env.CLOSELOOP_CONFIG_FILE);
const deps = {
  surveys: new DynamoDbSurveyRepository(dynamoDocumentClient(), env.TABLE_NAME),
  suppressions: new DynamoDbSuppressionList(dynamoDocumentClient(), env.TABLE_NAME),
  mailer: new SesMailer(sesClient(), env.SES_CONFIGURATION_SET),
  rateLimiter: new DynamoDbSendRateLimiter(
    dynamoDocumentClient(),
    env.TABLE_NAME,
    config.sending.maxPerSecond,
    systemClock,
  ),
  events: eventPublisher(env.EVENT_BUS_NAME),
  keys: new SecretsManagerSigningKeys(secretsManagerClient(), env.SIGNING_KEY_SECRET_ID, systemClock),
  clock: systemClock,
  config,
  publicBaseUrl: env.PUBLIC_BASE_URL,
  // Twice the function's timeout: a delivery still running always holds its lease.
  sendLeaseSeconds: 2 * describedFunction('SendSurvey').timeoutSeconds,
};

/** A due survey email or reminder → sent within the SES rate, or skipped with its reason; exactly once. */
export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger))
  .handler(
    sqsMessageConsumer({
      name: 'send request',
      schema: sendRequest,
      // The queue message claims the send: its own redelivery takes the lease straight back.
      handle: async (request, meta) => {
        const outcome = await sendSurvey(deps, request, meta.messageId);
        logger.info('Send request handled', { outcome, ...request });
      },
      deadLetters: new SqsDeadLetters(sqsClient(), env.DEAD_LETTER_QUEUE_URL),
      maxReceiveCount: env.MAX_RECEIVE_COUNT,
      // An email cannot be taken back: a crash may send again only the one survey in hand.
      oneAtATime: true,
    }),
  );
