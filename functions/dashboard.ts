import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { loadConfigFile } from '#shared/config/load.ts';
import { functionEnv } from '#shared/platform/env.ts';
import { type HttpResult, html, newNonce } from '#shared/platform/http.ts';
import { httpErrors } from '#shared/platform/http-errors.ts';
import { logger } from '#shared/platform/observability.ts';
import { renderDashboard } from '#shared/rendering/dashboard-page.ts';
import { configuredSources } from '#shared/use-cases/source-status.ts';

const env = functionEnv('Dashboard');
const config = loadConfigFile(env.CLOSELOOP_CONFIG_FILE);
const programs = Object.entries(config.programs).map(([id, program]) => ({
  id,
  metric: program.survey === 'nps' ? ('nps' as const) : ('csat' as const),
}));
const stores = Object.keys(config.stores).filter((id) => id !== '*');
const sources = configuredSources(config).length > 0;

/** GET /dashboard: the staff dashboard page (behind the JWT authorizer); its data comes from the staff API. */
export const handler = middy<APIGatewayProxyEventV2, HttpResult>()
  .use(injectLambdaContext(logger))
  .use(httpErrors())
  .handler(async () => {
    const nonce = newNonce();
    return html(200, renderDashboard({ nonce, programs, stores, sources }), nonce);
  });
