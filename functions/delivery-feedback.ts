import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { DynamoDbSuppressionList } from '#shared/adapters/dynamodb/suppression-list.ts';
import { DynamoDbSurveyDelivery } from '#shared/adapters/dynamodb/survey-delivery.ts';
import { EmailBounced, EmailComplaintReceived, EmailDelivered } from '#shared/contracts/ses-feedback.ts';
import { dynamoDocumentClient } from '#shared/platform/clients.ts';
import { deadLettering } from '#shared/platform/dead-letters.ts';
import { functionEnv } from '#shared/platform/env.ts';
import { logger } from '#shared/platform/observability.ts';
import { on, sqsEventConsumer } from '#shared/platform/sqs-event-consumer.ts';
import { recordDeliveryFeedback } from '#shared/use-cases/delivery-feedback.ts';

const env = functionEnv('DeliveryFeedback');

const deps = {
  surveys: new DynamoDbSurveyDelivery(dynamoDocumentClient(), env.TABLE_NAME),
  suppressions: new DynamoDbSuppressionList(dynamoDocumentClient(), env.TABLE_NAME),
};

const record =
  (kind: string) => async (detail: Parameters<typeof recordDeliveryFeedback>[1], meta: { eventId: string }) => {
    const result = await recordDeliveryFeedback(deps, detail);
    logger.info(`${kind} recorded`, { ...result, messageId: detail.mail.messageId, eventId: meta.eventId });
  };

/** SES bounces, complaints and deliveries → suppressions and the survey's delivery outcome. */
export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger))
  .handler(
    sqsEventConsumer({
      routes: [
        on(EmailBounced, record('Bounce')),
        on(EmailComplaintReceived, record('Complaint')),
        on(EmailDelivered, record('Delivery')),
      ],
      ...deadLettering(env),
    }),
  );
