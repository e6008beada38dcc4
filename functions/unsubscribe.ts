import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DynamoDbSuppressionList } from '#shared/adapters/dynamodb/suppression-list.ts';
import { acceptedLanguages } from '#shared/i18n/locales.ts';
import { surveyReadDeps } from '#shared/platform/answer-deps.ts';
import { dynamoDocumentClient } from '#shared/platform/clients.ts';
import { customerPageErrors } from '#shared/platform/customer-pages.ts';
import { functionEnv } from '#shared/platform/env.ts';
import { forMethod, type HttpResult, html } from '#shared/platform/http.ts';
import { logger } from '#shared/platform/observability.ts';
import { showUnsubscribe, unsubscribe } from '#shared/use-cases/unsubscribe.ts';

const env = functionEnv('Unsubscribe');
const deps = {
  ...surveyReadDeps(env),
  suppressions: new DynamoDbSuppressionList(dynamoDocumentClient(), env.TABLE_NAME),
};

/**
 * `GET|HEAD /u/{token}`: the confirm page, which changes nothing. `POST /u/{token}`: unsubscribes at once — the
 * page's button, or a mail client's one-click `List-Unsubscribe=One-Click` POST (RFC 8058), which gets a page it
 * ignores.
 */
export const handler = middy<APIGatewayProxyEventV2, HttpResult>()
  .use(injectLambdaContext(logger))
  .use(customerPageErrors(deps.config))
  .handler(async (event) => {
    const token = event.pathParameters?.token ?? '';
    const languages = acceptedLanguages(event.headers['accept-language']);
    if (event.requestContext.http.method === 'POST') {
      const { outcome, page } = await unsubscribe(deps, token, languages);
      logger.info('Unsubscribed', { outcome });
      return html(200, page);
    }
    return forMethod(event, html(200, await showUnsubscribe(deps, token, languages)));
  });
