import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { SecretsManagerSourceSecrets } from '#shared/adapters/secrets-manager-source-secrets.ts';
import { lowerCaseKeys } from '#shared/contracts/connectors/mapping.ts';
import { InvalidInput } from '#shared/domain/errors.ts';
import { secretsManagerClient } from '#shared/platform/clients.ts';
import { functionEnv } from '#shared/platform/env.ts';
import { type HttpResult, json } from '#shared/platform/http.ts';
import { httpErrors } from '#shared/platform/http-errors.ts';
import { logger } from '#shared/platform/observability.ts';
import { sourceDeps } from '#shared/platform/source-deps.ts';
import { systemClock } from '#shared/ports/clock.ts';
import { receiveWebhook } from '#shared/use-cases/receive-from-source.ts';

const env = functionEnv('SourceWebhooks');
const deps = {
  ...sourceDeps(env),
  secrets: new SecretsManagerSourceSecrets(secretsManagerClient(), env.SOURCE_SECRET_IDS, systemClock),
};

/** Platforms' webhooks are small; anything larger is not one of them. */
const MAX_BODY_BYTES = 256 * 1024;

function rawBody(event: APIGatewayProxyEventV2): string {
  const body = event.body ?? '';
  const raw = event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) throw new InvalidInput('Request body is too large');
  return raw;
}

/** POST /hooks/zendesk, POST /hooks/{sourceId}: a signed delivery → a store event on closeloop's bus. */
export const handler = middy<APIGatewayProxyEventV2, HttpResult>()
  .use(injectLambdaContext(logger))
  .use(httpErrors())
  .handler(async (event) => {
    const sourceId = event.pathParameters?.sourceId ?? event.rawPath.split('/').pop() ?? '';
    const headers = lowerCaseKeys(event.headers);
    const result = await receiveWebhook(deps, { sourceId, headers, body: rawBody(event) });
    logger.info('Webhook handled', { sourceId, result });
    return json(result.status === 'accepted' ? 202 : 200, result);
  });
