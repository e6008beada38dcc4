import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type * as z from 'zod/mini';
import { DynamoDbCaseRepository } from '#shared/adapters/dynamodb/case-repository.ts';
import { DynamoDbPurchaseLedger } from '#shared/adapters/dynamodb/purchase-ledger.ts';
import { DynamoDbReportReader } from '#shared/adapters/dynamodb/report-reader.ts';
import { readDeployedConfig } from '#shared/config/deployed.ts';
import { formatIssues } from '#shared/contracts/issues.ts';
import { reportQuery } from '#shared/contracts/staff-api-basics.ts';
import {
  breakdownQuery,
  commentsQuery,
  driversQuery,
  exportQuery,
  loopQuery,
  loyaltyQuery,
  programsList,
  trendQuery,
} from '#shared/contracts/staff-reports-api.ts';
import { InvalidInput } from '#shared/domain/errors.ts';
import type { StoreAccess } from '#shared/domain/store-access.ts';
import { dynamoDocumentClient } from '#shared/platform/clients.ts';
import { functionEnv } from '#shared/platform/env.ts';
import { type HttpResult, json } from '#shared/platform/http.ts';
import { byRoute, httpErrors } from '#shared/platform/http-errors.ts';
import { logger } from '#shared/platform/observability.ts';
import { staffAccess } from '#shared/platform/staff.ts';
import { systemClock } from '#shared/ports/clock.ts';
import { dashboardChoices } from '#shared/use-cases/dashboard-choices.ts';
import { loopReport } from '#shared/use-cases/loop-report.ts';
import { loyaltyReport } from '#shared/use-cases/loyalty-report.ts';
import {
  breakdownReport,
  commentsPage,
  distributionReport,
  exportResponses,
  reasonsReport,
  summaryReport,
  themesReport,
  trendReport,
} from '#shared/use-cases/reports.ts';

const env = functionEnv('StaffReports');
const db = dynamoDocumentClient();
const deps = {
  reports: new DynamoDbReportReader(db, env.TABLE_NAME),
  purchases: new DynamoDbPurchaseLedger(db, env.TABLE_NAME),
  cases: new DynamoDbCaseRepository(db, env.TABLE_NAME),
  config: readDeployedConfig(env.CLOSELOOP_CONFIG_FILE),
  clock: systemClock,
};

/** The route's query, and the stores the caller may see (from their token's groups). */
function parse<S extends z.ZodMiniType>(
  schema: S,
  event: APIGatewayProxyEventV2,
): z.output<S> & { access: StoreAccess } {
  const query = schema.safeParse(event.queryStringParameters ?? {});
  if (!query.success) throw new InvalidInput('Invalid query', formatIssues(query.error));
  return { ...(query.data as object), access: staffAccess(event) } as z.output<S> & { access: StoreAccess };
}

/**
 * Staff reports: summary, trend, distribution, breakdown, themes, reasons, the closed loop (from the aggregates),
 * loyalty (sent surveys and purchase ledgers),
 * comments (a page of answers),
 * the CSV export, what the dashboard offers to choose from, and the API's OpenAPI document. The API's authorizer has
 * checked the caller's token; its groups narrow every report to the stores the caller may see.
 */
export const handler = middy<APIGatewayProxyEventV2, HttpResult>()
  .use(injectLambdaContext(logger))
  .use(httpErrors())
  .handler(
    byRoute({
      'GET /api/reports/summary': async (event) => json(200, await summaryReport(deps, parse(reportQuery, event))),
      'GET /api/reports/trend': async (event) => json(200, await trendReport(deps, parse(trendQuery(), event))),
      'GET /api/reports/distribution': async (event) =>
        json(200, await distributionReport(deps, parse(reportQuery, event))),
      'GET /api/reports/breakdown': async (event) =>
        json(200, await breakdownReport(deps, parse(breakdownQuery(), event))),
      'GET /api/reports/themes': async (event) => json(200, await themesReport(deps, parse(driversQuery(), event))),
      'GET /api/reports/reasons': async (event) => json(200, await reasonsReport(deps, parse(driversQuery(), event))),
      'GET /api/reports/loop': async (event) => json(200, await loopReport(deps, parse(loopQuery(), event))),
      'GET /api/reports/loyalty': async (event) => json(200, await loyaltyReport(deps, parse(loyaltyQuery(), event))),
      'GET /api/reports/comments': async (event) => {
        const { q, ...query } = parse(commentsQuery(), event);
        return json(200, await commentsPage(deps, { ...query, text: q }));
      },
      'GET /api/reports/responses.csv': csvExport,
      // The documented shape, checked on the way out.
      'GET /api/programs': async (event) =>
        json(200, programsList().parse(dashboardChoices(deps.config, staffAccess(event)))),
      // The document's ~260 schema objects are built when it is asked for, not at every cold start.
      'GET /api/openapi.json': async () => {
        const { openApiDocument } = await import('#shared/contracts/staff-api.ts');
        return json(200, openApiDocument(env.PUBLIC_BASE_URL));
      },
    }),
  );

/** One part of the CSV export; a `Link: rel="next"` header names the next while there is one. */
async function csvExport(event: APIGatewayProxyEventV2): Promise<HttpResult> {
  const query = parse(exportQuery(), event);
  const part = await exportResponses(deps, query);
  const next = new URLSearchParams(event.rawQueryString);
  if (part.cursor) next.set('cursor', part.cursor);
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': `attachment; filename="closeloop-responses-${query.from ?? 'recent'}.csv"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-closeloop-rows': String(part.rows),
      ...(part.cursor ? { link: `<${env.PUBLIC_BASE_URL}/api/reports/responses.csv?${next}>; rel="next"` } : {}),
    },
    body: part.csv,
  };
}
