import { DynamoDbSendRateLimiter } from '../adapters/dynamodb/send-rate-limiter.ts';
import { SecretsManagerSigningKeys } from '../adapters/secrets-manager-signing-keys.ts';
import { SesMailer } from '../adapters/ses-mailer.ts';
import { readDeployedConfig } from '../config/deployed.ts';
import { systemClock } from '../ports/clock.ts';
import { dynamoDocumentClient, secretsManagerClient, sesClient } from './clients.ts';
import { eventPublisher } from './metered-events.ts';

/**
 * What every function that sends email with signed links needs (surveys, the loop's emails, escalations): the
 * mailer, the shared SES send-rate limiter, the bus, the signing keys, the clock, the configuration and where the
 * links point. Built once per container.
 */
export function sendingDeps(env: {
  TABLE_NAME: string;
  EVENT_BUS_NAME: string;
  SES_CONFIGURATION_SET: string;
  SIGNING_KEY_SECRET_ID: string;
  CLOSELOOP_CONFIG_FILE: string;
  PUBLIC_BASE_URL: string;
}) {
  const config = readDeployedConfig(env.CLOSELOOP_CONFIG_FILE);
  const db = dynamoDocumentClient();
  return {
    mailer: new SesMailer(sesClient(), env.SES_CONFIGURATION_SET),
    rateLimiter: new DynamoDbSendRateLimiter(db, env.TABLE_NAME, config.sending.maxPerSecond, systemClock),
    events: eventPublisher(env.EVENT_BUS_NAME),
    keys: new SecretsManagerSigningKeys(secretsManagerClient(), env.SIGNING_KEY_SECRET_ID, systemClock),
    clock: systemClock,
    config,
    publicBaseUrl: env.PUBLIC_BASE_URL,
  };
}
