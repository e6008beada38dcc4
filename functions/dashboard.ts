import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type HttpResult, html, newNonce } from '#shared/platform/http.ts';
import { httpErrors } from '#shared/platform/http-errors.ts';
import { logger } from '#shared/platform/observability.ts';
import { renderDashboard } from '#shared/rendering/dashboard-page.ts';

/**
 * GET /dashboard: the staff dashboard's shell. It holds no data, so it needs no token: its script takes the tab's
 * token to the staff API (programs, reports, cases, sources), and a browser without one goes to the sign-in.
 */
export const handler = middy<APIGatewayProxyEventV2, HttpResult>()
  .use(injectLambdaContext(logger))
  .use(httpErrors())
  .handler(async () => {
    const nonce = newNonce();
    return html(200, renderDashboard({ nonce }), nonce);
  });
