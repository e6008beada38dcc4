import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { storeFor } from '#shared/config/deployed.ts';
import { CHAT_LINK } from '#shared/domain/case-token.ts';
import { InvalidInput } from '#shared/domain/errors.ts';
import type { FollowUpCase } from '#shared/domain/follow-up.ts';
import { caseLinkDeps } from '#shared/platform/case-deps.ts';
import { functionEnv } from '#shared/platform/env.ts';
import { forMethod, type HttpResult, html, json, parseBody, wantsJson } from '#shared/platform/http.ts';
import { httpErrors } from '#shared/platform/http-errors.ts';
import { logger } from '#shared/platform/observability.ts';
import { renderCaseMessagePage, renderCasePage } from '#shared/rendering/case-page.ts';
import { acknowledgeCase, openCaseLink, resolveCase } from '#shared/use-cases/follow-up-cases.ts';

const env = functionEnv('CasePage');
const deps = caseLinkDeps(env);

const TITLES: Record<number, string> = {
  400: 'That did not work',
  403: 'This case link is not valid. Please use the link from the alert email.',
  404: 'This case no longer exists.',
  409: 'Someone else got there first',
  410: 'This case link has expired.',
};

/**
 * GET and HEAD /c/{token} → the case, with forms to acknowledge or resolve it; never changes anything.
 * POST /c/{token} with `action` (acknowledge | resolve) and `resolution` → the action, done once, as the link's
 * recipient (`owner` is read only from the chat's shared link).
 */
export const handler = middy<APIGatewayProxyEventV2, HttpResult>()
  .use(injectLambdaContext(logger))
  .use(
    httpErrors({
      page: (_event, status, message) =>
        renderCaseMessagePage(
          TITLES[status] ?? 'Something went wrong. Please try again in a moment.',
          status === 400 || status === 409 ? message : undefined,
        ),
      asJson: (event) => event.requestContext.http.method === 'POST' && wantsJson(event),
    }),
  )
  .handler(async (event) => {
    const token = event.pathParameters?.token ?? '';
    const { followUp, link } = await openCaseLink(deps, token);
    const brandName = storeFor(deps.config, followUp.storeId).brandName;
    const page = {
      brandName,
      action: `/c/${encodeURIComponent(token)}`,
      staff: link.staff,
      rootCauses: deps.config.rootCauses,
    };
    if (event.requestContext.http.method !== 'POST') {
      const action = event.queryStringParameters?.action;
      const focus = action === 'acknowledge' || action === 'resolve' ? action : undefined;
      return forMethod(event, html(200, renderCasePage({ ...page, followUp, focus })));
    }
    const result = await act(parseBody(event), followUp, link.staff);
    if (wantsJson(event))
      return json(200, { caseId: result.followUp.id, status: result.followUp.status, outcome: result.outcome });
    const done =
      result.followUp.status === 'resolved'
        ? 'Resolved. Thank you for closing the loop.'
        : `Acknowledged: the case is ${result.followUp.owner}'s and will not be escalated.`;
    return html(200, renderCasePage({ ...page, followUp: result.followUp, done }));
  });

/**
 * The form's action on the case. A link sent to a person acts as that person, whatever the form says; the chat's
 * link is shared, so whoever uses it says who they are.
 */
async function act(fields: Record<string, unknown>, followUp: FollowUpCase, staff: string) {
  const caseId = followUp.id;
  const owner = staff === CHAT_LINK ? fields.owner : staff;
  // The signed link is the recipient's access: to this case's store, whatever groups they have.
  const access = { all: false, stores: [followUp.storeId] } as const;
  const result =
    fields.action === 'acknowledge'
      ? await acknowledgeCase(deps, { caseId, owner, access })
      : fields.action === 'resolve'
        ? await resolveCase(deps, {
            caseId,
            owner,
            resolution: fields.resolution,
            rootCause: fields.rootCause,
            access,
          })
        : undefined;
  if (result === undefined) throw new InvalidInput('Choose an action', ['action: acknowledge or resolve']);
  logger.info('Case action', { caseId, action: fields.action, outcome: result.outcome });
  return result;
}
