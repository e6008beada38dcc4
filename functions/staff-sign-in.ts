import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { functionEnv } from '#shared/platform/env.ts';
import { type HttpResult, html, newNonce } from '#shared/platform/http.ts';
import { httpErrors } from '#shared/platform/http-errors.ts';
import { logger } from '#shared/platform/observability.ts';
import { renderSignIn } from '#shared/rendering/sign-in-page.ts';

const env = functionEnv('StaffSignIn');
const mode = env.STAFF_SIGN_IN;

/**
 * GET /sign-in: where staff get a token and open the dashboard with it. Public: it holds no data. GET / leads
 * there: the address a person types first goes somewhere useful.
 */
export const handler = middy<APIGatewayProxyEventV2, HttpResult>()
  .use(injectLambdaContext(logger))
  .use(httpErrors())
  .handler(async (event) => {
    if (event.rawPath === '/')
      return { statusCode: 302, headers: { location: '/sign-in', 'cache-control': 'no-store' }, body: '' };
    const nonce = newNonce();
    return html(200, renderSignIn(mode, nonce), nonce, mode.kind === 'cognito' ? [mode.domain] : []);
  });
