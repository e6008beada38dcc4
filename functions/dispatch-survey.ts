import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod';
import { DynamoDbSurveyRepository } from '#shared/adapters/dynamodb/survey-repository.ts';
import { EventBridgePublisher } from '#shared/adapters/eventbridge-publisher.ts';
import { SecretsManagerSigningKeys } from '#shared/adapters/secrets-manager-signing-keys.ts';
import { SesMailer } from '#shared/adapters/ses-mailer.ts';
import { SqsDeadLetters } from '#shared/adapters/sqs-dead-letters.ts';
import { loadConfigFile } from '#shared/config/load.ts';
import { PurchaseCompleted } from '#shared/contracts/purchase-completed.ts';
import { TicketClosed } from '#shared/contracts/ticket-closed.ts';
import {
  dynamoDocumentClient,
  eventBridgeClient,
  secretsManagerClient,
  sesClient,
  sqsClient,
} from '#shared/platform/clients.ts';
import { httpsOrLocalUrl, queueConsumerEnv, readEnv } from '#shared/platform/env.ts';
import { logger } from '#shared/platform/observability.ts';
import { on, sqsEventConsumer } from '#shared/platform/sqs-event-consumer.ts';
import { systemClock } from '#shared/ports/clock.ts';
import { dispatchPurchaseSurvey, dispatchTicketSurvey } from '#shared/use-cases/dispatch-survey.ts';

const env = readEnv({
  ...queueConsumerEnv,
  TABLE_NAME: z.string().min(1),
  EVENT_BUS_NAME: z.string().min(1),
  SIGNING_KEY_SECRET_ID: z.string().min(1),
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  PUBLIC_BASE_URL: httpsOrLocalUrl,
  CLOSELOOP_CONFIG_FILE: z.string().min(1),
  SEND_LEASE_SECONDS: z.coerce.number().int().min(1).default(120),
});

const deps = {
  surveys: new DynamoDbSurveyRepository(dynamoDocumentClient(), env.TABLE_NAME),
  mailer: new SesMailer(sesClient(), env.SES_CONFIGURATION_SET),
  events: new EventBridgePublisher(eventBridgeClient(), env.EVENT_BUS_NAME),
  keys: new SecretsManagerSigningKeys(secretsManagerClient(), env.SIGNING_KEY_SECRET_ID, systemClock),
  clock: systemClock,
  config: loadConfigFile(env.CLOSELOOP_CONFIG_FILE),
  publicBaseUrl: env.PUBLIC_BASE_URL,
  sendLeaseSeconds: env.SEND_LEASE_SECONDS,
};

/** Purchase Completed → one NPS survey email per order; Ticket Closed → one CSAT survey email per ticket. */
export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger))
  .handler(
    sqsEventConsumer({
      routes: [
        on(PurchaseCompleted, async (purchase, meta) => {
          const outcome = await dispatchPurchaseSurvey(deps, purchase);
          logger.info('Purchase handled', {
            outcome,
            orderId: purchase.orderId,
            storeId: purchase.storeId,
            eventId: meta.eventId,
          });
        }),
        on(TicketClosed, async (ticket, meta) => {
          const outcome = await dispatchTicketSurvey(deps, ticket);
          logger.info('Closed ticket handled', {
            outcome,
            ticketId: ticket.ticketId,
            storeId: ticket.storeId,
            eventId: meta.eventId,
          });
        }),
      ],
      deadLetters: new SqsDeadLetters(sqsClient(), env.DEAD_LETTER_QUEUE_URL),
      maxReceiveCount: env.MAX_RECEIVE_COUNT,
    }),
  );
