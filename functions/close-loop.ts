import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { DynamoDbCaseRepository } from '#shared/adapters/dynamodb/case-repository.ts';
import { DynamoDbResponseRepository } from '#shared/adapters/dynamodb/response-repository.ts';
import { DynamoDbSendRateLimiter } from '#shared/adapters/dynamodb/send-rate-limiter.ts';
import { DynamoDbSuppressionList } from '#shared/adapters/dynamodb/suppression-list.ts';
import { DynamoDbSurveyRepository } from '#shared/adapters/dynamodb/survey-repository.ts';
import { SecretsManagerSigningKeys } from '#shared/adapters/secrets-manager-signing-keys.ts';
import { SesMailer } from '#shared/adapters/ses-mailer.ts';
import { SqsDeadLetters } from '#shared/adapters/sqs-dead-letters.ts';
import { loadConfigFile } from '#shared/config/load.ts';
import { SurveyAnswered } from '#shared/contracts/survey-answered.ts';
import { dynamoDocumentClient, secretsManagerClient, sesClient, sqsClient } from '#shared/platform/clients.ts';
import { functionEnv } from '#shared/platform/env.ts';
import { eventPublisher } from '#shared/platform/metered-events.ts';
import { logger } from '#shared/platform/observability.ts';
import { on, sqsEventConsumer } from '#shared/platform/sqs-event-consumer.ts';
import { systemClock } from '#shared/ports/clock.ts';
import { closeLoop } from '#shared/use-cases/close-loop.ts';

const env = functionEnv('CloseLoop');

const config = loadConfigFile(env.CLOSELOOP_CONFIG_FILE);
const db = dynamoDocumentClient();
const deps = {
  surveys: new DynamoDbSurveyRepository(db, env.TABLE_NAME),
  responses: new DynamoDbResponseRepository(db, env.TABLE_NAME),
  cases: new DynamoDbCaseRepository(db, env.TABLE_NAME),
  suppressions: new DynamoDbSuppressionList(db, env.TABLE_NAME),
  mailer: new SesMailer(sesClient(), env.SES_CONFIGURATION_SET),
  rateLimiter: new DynamoDbSendRateLimiter(db, env.TABLE_NAME, config.sending.maxPerSecond, systemClock),
  events: eventPublisher(env.EVENT_BUS_NAME),
  keys: new SecretsManagerSigningKeys(secretsManagerClient(), env.SIGNING_KEY_SECRET_ID, systemClock),
  clock: systemClock,
  config,
  publicBaseUrl: env.PUBLIC_BASE_URL,
};

/** Survey Answered → the loop closed once per answer: case, alert and follow-up for detractors; thanks for promoters. */
export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger))
  .handler(
    sqsEventConsumer({
      routes: [
        on(SurveyAnswered, async (answered, meta) => {
          const outcome = await closeLoop(deps, answered);
          logger.info('Answer followed up', {
            outcome,
            surveyId: answered.surveyId,
            version: answered.version,
            eventId: meta.eventId,
          });
        }),
      ],
      deadLetters: new SqsDeadLetters(sqsClient(), env.DEAD_LETTER_QUEUE_URL),
      maxReceiveCount: env.MAX_RECEIVE_COUNT,
    }),
  );
