import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { DynamoDbSuppressionList } from '#shared/adapters/dynamodb/suppression-list.ts';
import { DynamoDbSurveyDelivery } from '#shared/adapters/dynamodb/survey-delivery.ts';
import { sendRequest } from '#shared/contracts/send-request.ts';
import { dynamoDocumentClient } from '#shared/platform/clients.ts';
import { deadLettering } from '#shared/platform/dead-letters.ts';
import { functionEnv } from '#shared/platform/env.ts';
import { logger } from '#shared/platform/observability.ts';
import { sendingDeps } from '#shared/platform/sending-deps.ts';
import { sqsMessageConsumer } from '#shared/platform/sqs-event-consumer.ts';
import { tableLayout } from '#shared/topology/sizing.ts';
import { describedFunction } from '#shared/topology/wiring.ts';
import { sendSurvey } from '#shared/use-cases/send-survey.ts';

const env = functionEnv('SendSurvey');

const sending = sendingDeps(env);
const deps = {
  ...sending,
  surveys: new DynamoDbSurveyDelivery(dynamoDocumentClient(), env.TABLE_NAME, tableLayout(sending.config)),
  suppressions: new DynamoDbSuppressionList(dynamoDocumentClient(), env.TABLE_NAME),
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
      ...deadLettering(env),
      // An email cannot be taken back: a crash may send again only the one survey in hand.
      oneAtATime: true,
    }),
  );
