import { BedrockThemes } from '../adapters/bedrock-themes.ts';
import { DynamoDbResponseRepository } from '../adapters/dynamodb/response-repository.ts';
import { DynamoDbSurveyReads } from '../adapters/dynamodb/survey-items.ts';
import { PhraseThemes } from '../adapters/phrase-themes.ts';
import { SecretsManagerSigningKeys } from '../adapters/secrets-manager-signing-keys.ts';
import { readDeployedConfig } from '../config/deployed.ts';
import type { CloseloopConfig } from '../config/schema.ts';
import { systemClock } from '../ports/clock.ts';
import type { CommentThemes } from '../ports/comment-themes.ts';
import { bedrockRuntimeClient, dynamoDocumentClient, secretsManagerClient } from './clients.ts';
import { eventPublisher } from './metered-events.ts';
import { logger } from './observability.ts';

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
    config: readDeployedConfig(env.CLOSELOOP_CONFIG_FILE),
  };
}

/** The phrase matcher, or Bedrock in front of it when the configuration turns it on. */
function commentThemes(config: CloseloopConfig): CommentThemes {
  const phrases = new PhraseThemes(config.themes);
  const model = config.commentAnalysis.bedrock;
  if (model === undefined) return phrases;
  return new BedrockThemes(
    (input, signal) => bedrockRuntimeClient().converse(input, signal),
    { modelId: model.modelId, themes: Object.keys(config.themes), timeoutMs: model.timeoutMs },
    phrases,
    (reason) => logger.warn('Bedrock did not classify a comment; its phrases did', { reason }),
  );
}

/** What recording an answer needs (form post or email reply), built once per container. */
export function answerDeps(env: {
  TABLE_NAME: string;
  EVENT_BUS_NAME: string;
  SIGNING_KEY_SECRET_ID: string;
  CLOSELOOP_CONFIG_FILE: string;
}) {
  const read = surveyReadDeps(env);
  return {
    ...read,
    events: eventPublisher(env.EVENT_BUS_NAME),
    themes: commentThemes(read.config),
  };
}
