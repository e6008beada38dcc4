import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { CustomerErasureRequested } from '#shared/contracts/customer-erasure-requested.ts';
import { deadLettering } from '#shared/platform/dead-letters.ts';
import { functionEnv } from '#shared/platform/env.ts';
import { eraseDeps } from '#shared/platform/erase-deps.ts';
import { logger } from '#shared/platform/observability.ts';
import { on, sqsEventConsumer } from '#shared/platform/sqs-event-consumer.ts';
import { eraseCustomer } from '#shared/use-cases/erase-customer.ts';

const env = functionEnv('EraseCustomer');
const deps = eraseDeps(env);

/** Customer Erasure Requested → everything about the customer erased or anonymized, then `Customer Erased`. */
export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger))
  .handler(
    sqsEventConsumer({
      routes: [
        on(CustomerErasureRequested, async (request, meta) => {
          const result = await eraseCustomer(deps, request);
          logger.info('Customer erased', { surveys: result.surveys, eventId: meta.eventId });
        }),
      ],
      ...deadLettering(env),
    }),
  );
