import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { DynamoDbPurchaseLedger } from '#shared/adapters/dynamodb/purchase-ledger.ts';
import { DynamoDbSurveyScheduling } from '#shared/adapters/dynamodb/survey-scheduling.ts';
import { SqsSendQueue } from '#shared/adapters/sqs-send-queue.ts';
import { readDeployedConfig } from '#shared/config/deployed.ts';
import { OrderRefunded } from '#shared/contracts/order-refunded.ts';
import { PurchaseCompleted } from '#shared/contracts/purchase-completed.ts';
import { TicketClosed } from '#shared/contracts/ticket-closed.ts';
import { TicketReopened } from '#shared/contracts/ticket-reopened.ts';
import { countMetric } from '#shared/platform/business-metrics.ts';
import { dynamoDocumentClient, sqsClient } from '#shared/platform/clients.ts';
import { deadLettering } from '#shared/platform/dead-letters.ts';
import { functionEnv } from '#shared/platform/env.ts';
import { eventPublisher } from '#shared/platform/metered-events.ts';
import { logger } from '#shared/platform/observability.ts';
import { on, sqsEventConsumer } from '#shared/platform/sqs-event-consumer.ts';
import { systemClock } from '#shared/ports/clock.ts';
import { tableLayout } from '#shared/topology/sizing.ts';
import { purchaseCompleted } from '#shared/use-cases/record-purchase.ts';
import {
  cancelOrderSurveys,
  cancelTicketSurveys,
  type ScheduleOutcome,
  scheduleTicketSurveys,
} from '#shared/use-cases/schedule-survey.ts';

const env = functionEnv('ScheduleSurvey');

const config = readDeployedConfig(env.CLOSELOOP_CONFIG_FILE);
const deps = {
  surveys: new DynamoDbSurveyScheduling(dynamoDocumentClient(), env.TABLE_NAME, tableLayout(config)),
  events: eventPublisher(env.EVENT_BUS_NAME),
  sendQueue: new SqsSendQueue(sqsClient(), env.SEND_QUEUE_URL),
  purchases: new DynamoDbPurchaseLedger(dynamoDocumentClient(), env.TABLE_NAME),
  clock: systemClock,
  config,
};

/** A survey scheduled now (due later) or queued at once counts; skipped ones count when they are announced. */
function countScheduled(outcomes: Record<string, ScheduleOutcome>) {
  for (const [program, outcome] of Object.entries(outcomes))
    if (outcome === 'scheduled' || outcome === 'queued') countMetric('SurveysScheduled', { program });
}

/**
 * Purchase Completed / Ticket Closed → one survey per program, due after the program's delay (and a purchase into
 * the customer's ledger, for the loyalty report);
 * Order Refunded / Ticket Reopened → those surveys cancelled if not sent yet.
 */
export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger))
  .handler(
    sqsEventConsumer({
      routes: [
        on(PurchaseCompleted, async (purchase, meta) => {
          const outcomes = await purchaseCompleted(deps, purchase);
          countScheduled(outcomes);
          logger.info('Purchase handled', { outcomes, orderId: purchase.orderId, eventId: meta.eventId });
        }),
        on(TicketClosed, async (ticket, meta) => {
          const outcomes = await scheduleTicketSurveys(deps, ticket);
          countScheduled(outcomes);
          logger.info('Closed ticket handled', { outcomes, ticketId: ticket.ticketId, eventId: meta.eventId });
        }),
        on(OrderRefunded, async (refund, meta) => {
          const cancelled = await cancelOrderSurveys(deps, refund);
          logger.info('Refund handled', { cancelled, orderId: refund.orderId, eventId: meta.eventId });
        }),
        on(TicketReopened, async (reopened, meta) => {
          const cancelled = await cancelTicketSurveys(deps, reopened);
          logger.info('Reopened ticket handled', { cancelled, ticketId: reopened.ticketId, eventId: meta.eventId });
        }),
      ],
      ...deadLettering(env),
    }),
  );
