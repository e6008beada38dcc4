import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { DynamoDbCaseRepository } from '#shared/adapters/dynamodb/case-repository.ts';
import { DynamoDbSendRateLimiter } from '#shared/adapters/dynamodb/send-rate-limiter.ts';
import { SecretsManagerSigningKeys } from '#shared/adapters/secrets-manager-signing-keys.ts';
import { SesMailer } from '#shared/adapters/ses-mailer.ts';
import { loadConfigFile } from '#shared/config/load.ts';
import { isoDateTime } from '#shared/contracts/contract.ts';
import { dynamoDocumentClient, secretsManagerClient, sesClient } from '#shared/platform/clients.ts';
import { functionEnv } from '#shared/platform/env.ts';
import { eventPublisher } from '#shared/platform/metered-events.ts';
import { logger } from '#shared/platform/observability.ts';
import { systemClock } from '#shared/ports/clock.ts';
import { escalateOverdueCases } from '#shared/use-cases/escalate-cases.ts';

const env = functionEnv('EscalateOverdueCases');

const config = loadConfigFile(env.CLOSELOOP_CONFIG_FILE);
const db = dynamoDocumentClient();
const deps = {
  cases: new DynamoDbCaseRepository(db, env.TABLE_NAME),
  mailer: new SesMailer(sesClient(), env.SES_CONFIGURATION_SET),
  rateLimiter: new DynamoDbSendRateLimiter(db, env.TABLE_NAME, config.sending.maxPerSecond, systemClock),
  events: eventPublisher(env.EVENT_BUS_NAME),
  keys: new SecretsManagerSigningKeys(secretsManagerClient(), env.SIGNING_KEY_SECRET_ID, systemClock),
  clock: systemClock,
  config,
  publicBaseUrl: env.PUBLIC_BASE_URL,
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
