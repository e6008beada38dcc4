import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DynamoDbSourceLog } from '#shared/adapters/dynamodb/source-log.ts';
import { readDeployedConfig } from '#shared/config/deployed.ts';
import { sourcesList } from '#shared/contracts/staff-sources-api.ts';
import { requireAllStores } from '#shared/domain/store-access.ts';
import { dynamoDocumentClient } from '#shared/platform/clients.ts';
import { functionEnv } from '#shared/platform/env.ts';
import { type HttpResult, json } from '#shared/platform/http.ts';
import { httpErrors } from '#shared/platform/http-errors.ts';
import { logger } from '#shared/platform/observability.ts';
import { staffAccess } from '#shared/platform/staff.ts';
import { systemClock } from '#shared/ports/clock.ts';
import { sourceStatuses } from '#shared/use-cases/source-status.ts';

const env = functionEnv('StaffSources');
const deps = {
  config: readDeployedConfig(env.CLOSELOOP_CONFIG_FILE),
  log: new DynamoDbSourceLog(dynamoDocumentClient(), env.TABLE_NAME),
  clock: systemClock,
};

/** GET /api/sources: every connected source, when it last delivered, what became of its deliveries, and why not. */
export const handler = middy<APIGatewayProxyEventV2, HttpResult>()
  .use(injectLambdaContext(logger))
  .use(httpErrors())
  // The documented shape, checked on the way out: the OpenAPI document is built from the same schema.
  .handler(async (event) => {
    // Sources feed every store: what they deliver, and what they refused, is the business's to see.
    requireAllStores(staffAccess(event), 'The connected sources');
    return json(200, sourcesList.parse({ sources: await sourceStatuses(deps) }));
  });
