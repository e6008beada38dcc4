import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { DynamoDbSurveyScheduling } from '#shared/adapters/dynamodb/survey-scheduling.ts';
import { SqsSendQueue } from '#shared/adapters/sqs-send-queue.ts';
import { readDeployedConfig } from '#shared/config/deployed.ts';
import { isoDateTime } from '#shared/contracts/contract.ts';
import { dynamoDocumentClient, sqsClient } from '#shared/platform/clients.ts';
import { functionEnv } from '#shared/platform/env.ts';
import { logger } from '#shared/platform/observability.ts';
import { systemClock } from '#shared/ports/clock.ts';
import { sweepLimit, sweepWritesPerSecond, tableLayout } from '#shared/topology/sizing.ts';
import { Pacer } from '#shared/use-cases/pacing.ts';
import { sweepDue } from '#shared/use-cases/sweep-due.ts';

const env = functionEnv('SweepDueSurveys');

const config = readDeployedConfig(env.CLOSELOOP_CONFIG_FILE);
const surveys = new DynamoDbSurveyScheduling(dynamoDocumentClient(), env.TABLE_NAME, tableLayout(config));
const sendQueue = new SqsSendQueue(sqsClient(), env.SEND_QUEUE_URL);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
// At least a minute of sending at the SES quota per sweep: delayed surveys never wait on the sweep.
const limit = sweepLimit(config);

/** Every minute (a schedule rule): what is due as of the scheduled time goes to the send queue. */
export const handler = middy<ScheduledEvent, { queued: number }>()
  .use(injectLambdaContext(logger))
  .handler(async (event) => {
    const asOf = new Date(isoDateTime.parse(event.time));
    // A pacer per run: each sweep holds its own writes to what the due index's partitions serve.
    const pacer = new Pacer(sweepWritesPerSecond(config), systemClock, sleep);
    const result = await sweepDue({ surveys, sendQueue, pacer }, asOf, limit);
    if (result.queued > 0) logger.info('Due emails queued', { ...result, asOf: asOf.toISOString() });
    return result;
  });
