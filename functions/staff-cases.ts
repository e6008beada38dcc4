import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { formatIssues } from '#shared/contracts/issues.ts';
import { casesQuery } from '#shared/contracts/staff-cases-api.ts';
import { InvalidInput } from '#shared/domain/errors.ts';
import type { FollowUpCase } from '#shared/domain/follow-up.ts';
import { caseDeps } from '#shared/platform/case-deps.ts';
import { functionEnv } from '#shared/platform/env.ts';
import { type HttpResult, json, parseBody } from '#shared/platform/http.ts';
import { byRoute, httpErrors } from '#shared/platform/http-errors.ts';
import { logger } from '#shared/platform/observability.ts';
import { staffAccess, staffMember } from '#shared/platform/staff.ts';
import { acknowledgeCase, getCase, listCases, resolveCase } from '#shared/use-cases/follow-up-cases.ts';

const env = functionEnv('StaffCases');
const deps = caseDeps(env);

/** A case as the API shows it: everything but closeloop's own bookkeeping. */
const view = ({ announced: _announced, ...followUp }: FollowUpCase) => followUp;
const caseIdOf = (event: APIGatewayProxyEventV2) => event.pathParameters?.caseId ?? '';
/** The case a route names, and the stores its caller may act on. */
const actor = (event: APIGatewayProxyEventV2) => ({ caseId: caseIdOf(event), access: staffAccess(event) });
const outcome = (result: { outcome: string; followUp: FollowUpCase }) =>
  json(200, { outcome: result.outcome, case: view(result.followUp) });

/**
 * Staff routes for follow-up cases:
 * - GET /api/cases?storeId=&owner=&status=open,acknowledged&overdue=&limit= → cases, soonest due first;
 * - GET /api/cases/{caseId};
 * - POST /api/cases/{caseId}/acknowledge {owner?}; POST /api/cases/{caseId}/resolve {owner?, resolution}
 *   (the owner defaults to the signed-in staff member).
 * The API's authorizer authenticates the caller before the request gets here; their groups say which stores'
 * cases they see and act on (another store's case is 403).
 */
export const handler = middy<APIGatewayProxyEventV2, HttpResult>()
  .use(injectLambdaContext(logger))
  .use(httpErrors())
  .handler(
    byRoute({
      'GET /api/cases': async (event) => {
        const query = casesQuery().safeParse(event.queryStringParameters ?? {});
        if (!query.success) throw new InvalidInput('Invalid query', formatIssues(query.error));
        const { status, ...rest } = query.data;
        const cases = await listCases(deps, { ...rest, statuses: status, access: staffAccess(event) });
        return json(200, { cases: cases.map(view) });
      },
      'GET /api/cases/{caseId}': async (event) =>
        json(200, view(await getCase(deps, caseIdOf(event), staffAccess(event)))),
      'POST /api/cases/{caseId}/acknowledge': async (event) =>
        outcome(await acknowledgeCase(deps, { ...actor(event), owner: parseBody(event).owner ?? staffMember(event) })),
      'POST /api/cases/{caseId}/resolve': async (event) => {
        const { owner, resolution, rootCause } = parseBody(event);
        return outcome(
          await resolveCase(deps, { ...actor(event), owner: owner ?? staffMember(event), resolution, rootCause }),
        );
      },
    }),
  );
