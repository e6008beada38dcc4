import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { formatIssues } from '#shared/contracts/issues.ts';
import { casesQuery } from '#shared/contracts/staff-api.ts';
import { InvalidInput } from '#shared/domain/errors.ts';
import type { FollowUpCase } from '#shared/domain/follow-up.ts';
import { caseDeps } from '#shared/platform/case-deps.ts';
import { functionEnv } from '#shared/platform/env.ts';
import { errorResult, type HttpResult, json, parseBody } from '#shared/platform/http.ts';
import { logger } from '#shared/platform/observability.ts';
import { staffMember } from '#shared/platform/staff.ts';
import { acknowledgeCase, getCase, listCases, resolveCase } from '#shared/use-cases/follow-up-cases.ts';

const env = functionEnv('StaffCases');
const deps = caseDeps(env);

/** A case as the API shows it: everything but closeloop's own bookkeeping. */
const view = ({ announced: _announced, ...followUp }: FollowUpCase) => followUp;

/**
 * Staff routes for follow-up cases:
 * - GET /api/cases?storeId=&owner=&status=open,acknowledged&overdue=&limit= → cases, soonest due first;
 * - GET /api/cases/{caseId};
 * - POST /api/cases/{caseId}/acknowledge {owner?}; POST /api/cases/{caseId}/resolve {owner?, resolution}
 *   (the owner defaults to the signed-in staff member).
 * The API's authorizer authenticates the caller before the request gets here.
 */
export const handler = middy<APIGatewayProxyEventV2, HttpResult>()
  .use(injectLambdaContext(logger))
  .handler(async (event) => {
    try {
      const caseId = event.pathParameters?.caseId;
      switch (event.routeKey) {
        case 'GET /api/cases': {
          const query = casesQuery.safeParse(event.queryStringParameters ?? {});
          if (!query.success) throw new InvalidInput('Invalid query', formatIssues(query.error));
          const { status, ...rest } = query.data;
          return json(200, { cases: (await listCases(deps, { ...rest, statuses: status })).map(view) });
        }
        case 'GET /api/cases/{caseId}':
          return json(200, view(await getCase(deps, caseId ?? '')));
        case 'POST /api/cases/{caseId}/acknowledge': {
          const body = parseBody(event);
          const result = await acknowledgeCase(deps, { caseId: caseId ?? '', owner: body.owner ?? staffMember(event) });
          return json(200, { outcome: result.outcome, case: view(result.followUp) });
        }
        case 'POST /api/cases/{caseId}/resolve': {
          const body = parseBody(event);
          const result = await resolveCase(deps, {
            caseId: caseId ?? '',
            owner: body.owner ?? staffMember(event),
            resolution: body.resolution,
          });
          return json(200, { outcome: result.outcome, case: view(result.followUp) });
        }
        default:
          return json(404, { error: { message: `No route ${event.routeKey}` } });
      }
    } catch (error) {
      return errorResult(error, true, () => '');
    }
  });
