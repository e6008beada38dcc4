import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { surveyReadDeps } from '#shared/platform/answer-deps.ts';
import { customerPageErrors } from '#shared/platform/customer-pages.ts';
import { functionEnv } from '#shared/platform/env.ts';
import { forMethod, type HttpResult, html, newNonce } from '#shared/platform/http.ts';
import { logger } from '#shared/platform/observability.ts';
import { showAnswerPage } from '#shared/use-cases/answer-views.ts';

const env = functionEnv('AnswerPage');
const deps = surveyReadDeps(env);

/** GET and HEAD /s/{token}?score=n → the answer page. Never records anything. */
export const handler = middy<APIGatewayProxyEventV2, HttpResult>()
  .use(injectLambdaContext(logger))
  .use(customerPageErrors(deps.config))
  .handler(async (event) => {
    const nonce = newNonce();
    const page = await showAnswerPage(deps, {
      token: event.pathParameters?.token ?? '',
      score: event.queryStringParameters?.score,
      answered: event.queryStringParameters?.answered,
      nonce,
    });
    return forMethod(event, html(200, page, nonce));
  });
