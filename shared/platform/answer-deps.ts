import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DynamoDbResponseRepository } from '../adapters/dynamodb/response-repository.ts';
import { DynamoDbSurveyReads } from '../adapters/dynamodb/survey-items.ts';
import { SecretsManagerSigningKeys } from '../adapters/secrets-manager-signing-keys.ts';
import { loadConfigFile } from '../config/load.ts';
import type { CloseloopConfig } from '../config/schema.ts';
import { systemClock } from '../ports/clock.ts';
import { errorPage } from '../use-cases/answer-views.ts';
import { dynamoDocumentClient, secretsManagerClient } from './clients.ts';
import { httpErrors } from './http-errors.ts';
import { eventPublisher } from './metered-events.ts';

/** What reading a survey through its link needs: the answer page, which never writes, stops here. */
export function surveyReadDeps(env: {
  TABLE_NAME: string;
  SIGNING_KEY_SECRET_ID: string;
  CLOSELOOP_CONFIG_FILE: string;
}) {
  return {
    surveys: new DynamoDbSurveyReads(dynamoDocumentClient(), env.TABLE_NAME),
    responses: new DynamoDbResponseRepository(dynamoDocumentClient(), env.TABLE_NAME),
    keys: new SecretsManagerSigningKeys(secretsManagerClient(), env.SIGNING_KEY_SECRET_ID, systemClock),
    clock: systemClock,
    config: loadConfigFile(env.CLOSELOOP_CONFIG_FILE),
  };
}

/** What recording an answer needs (form post or email reply), built once per container. */
export function answerDeps(env: {
  TABLE_NAME: string;
  EVENT_BUS_NAME: string;
  SIGNING_KEY_SECRET_ID: string;
  CLOSELOOP_CONFIG_FILE: string;
}) {
  return { ...surveyReadDeps(env), events: eventPublisher(env.EVENT_BUS_NAME) };
}

/**
 * Errors of the customer's pages (answer, unsubscribe) as a page in the customer's language and the store's style;
 * `asJson` for the form's script, which asks for JSON.
 */
export function customerPageErrors(config: CloseloopConfig, asJson?: (event: APIGatewayProxyEventV2) => boolean) {
  return httpErrors({
    page: (event, status, message) => errorPage(config, status, message, event.headers['accept-language']),
    ...(asJson ? { asJson } : {}),
  });
}
