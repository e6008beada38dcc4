import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { DynamoDbCaseRepository } from '#shared/adapters/dynamodb/case-repository.ts';
import { isoDateTime } from '#shared/contracts/contract.ts';
import { dynamoDocumentClient } from '#shared/platform/clients.ts';
import { functionEnv } from '#shared/platform/env.ts';
import { logger } from '#shared/platform/observability.ts';
import { sendingDeps } from '#shared/platform/sending-deps.ts';
import { escalateOverdueCases } from '#shared/use-cases/escalate-cases.ts';

const env = functionEnv('EscalateOverdueCases');

const deps = {
  ...sendingDeps(env),
  cases: new DynamoDbCaseRepository(dynamoDocumentClient(), env.TABLE_NAME),
  leaseSeconds: 120,
};

/** Every minute (a schedule rule): cases still unacknowledged at their deadline, as of the scheduled time, escalated once. */
export const handler = middy<ScheduledEvent, { escalated: number }>()
  .use(injectLambdaContext(logger))
  .handler(async (event) => {
    const asOf = new Date(isoDateTime.parse(event.time));
    const result = await escalateOverdueCases(deps, asOf);
    if (result.escalated > 0) logger.info('Cases escalated', { ...result, asOf: asOf.toISOString() });
    return result;
  });
