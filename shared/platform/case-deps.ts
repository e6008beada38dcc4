import { DynamoDbCaseRepository } from '../adapters/dynamodb/case-repository.ts';
import { DynamoDbSurveyScheduling } from '../adapters/dynamodb/survey-scheduling.ts';
import { SecretsManagerSigningKeys } from '../adapters/secrets-manager-signing-keys.ts';
import { readDeployedConfig } from '../config/deployed.ts';
import { systemClock } from '../ports/clock.ts';
import { tableLayout } from '../topology/sizing.ts';
import { dynamoDocumentClient, secretsManagerClient } from './clients.ts';
import { eventPublisher } from './metered-events.ts';

/** What acting on follow-up cases needs (the staff API), built once per container. */
export function caseDeps(env: { TABLE_NAME: string; EVENT_BUS_NAME: string; CLOSELOOP_CONFIG_FILE: string }) {
  const config = readDeployedConfig(env.CLOSELOOP_CONFIG_FILE);
  return {
    cases: new DynamoDbCaseRepository(dynamoDocumentClient(), env.TABLE_NAME),
    surveys: new DynamoDbSurveyScheduling(dynamoDocumentClient(), env.TABLE_NAME, tableLayout(config)),
    events: eventPublisher(env.EVENT_BUS_NAME),
    clock: systemClock,
    config,
  };
}

/** The case page also verifies the signed links of staff alerts. */
export function caseLinkDeps(env: Parameters<typeof caseDeps>[0] & { SIGNING_KEY_SECRET_ID: string }) {
  return {
    ...caseDeps(env),
    keys: new SecretsManagerSigningKeys(secretsManagerClient(), env.SIGNING_KEY_SECRET_ID, systemClock),
  };
}
