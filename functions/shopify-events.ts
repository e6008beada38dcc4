import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { SHOPIFY_DETAIL_TYPE, shopifyDetail } from '#shared/contracts/connectors/shopify.ts';
import { defineContract } from '#shared/contracts/contract.ts';
import { deadLettering } from '#shared/platform/dead-letters.ts';
import { functionEnv } from '#shared/platform/env.ts';
import { logger } from '#shared/platform/observability.ts';
import { sourceDeps } from '#shared/platform/source-deps.ts';
import { on, sqsEventConsumer } from '#shared/platform/sqs-event-consumer.ts';
import { receiveShopifyEvent } from '#shared/use-cases/receive-from-source.ts';

const env = functionEnv('ShopifyEvents');
const deps = sourceDeps(env);

/** Shopify's partner events, read as any EventBridge event: the envelope checked, the detail its own shape. */
const ShopifyWebhook = defineContract(SHOPIFY_DETAIL_TYPE, 1, shopifyDetail);

/**
 * Shopify webhooks (orders and refunds) from the partner event bus → `Purchase Completed` / `Order Refunded` on
 * closeloop's bus. One that cannot be mapped (a shop not configured, an order without an email) is dead-lettered
 * with its reason and shows among the source's refusals.
 */
export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger))
  .handler(
    sqsEventConsumer({
      routes: [
        on(ShopifyWebhook, async (detail, meta) => {
          const result = await receiveShopifyEvent(deps, detail);
          logger.info('Shopify webhook handled', { result, eventId: meta.eventId });
        }),
      ],
      ...deadLettering(env),
    }),
  );
