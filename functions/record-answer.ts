import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { classify } from '#shared/domain/answer.ts';
import { answerDeps } from '#shared/platform/answer-deps.ts';
import { customerPageErrors } from '#shared/platform/customer-pages.ts';
import { functionEnv } from '#shared/platform/env.ts';
import { type HttpResult, json, parseBody, wantsJson } from '#shared/platform/http.ts';
import { logger } from '#shared/platform/observability.ts';
import { finishedUrl } from '#shared/use-cases/answer-views.ts';
import { recordAnswer } from '#shared/use-cases/record-answer.ts';

const env = functionEnv('RecordAnswer');
const deps = answerDeps(env);

/** POST /s/{token} with score, comment and ces (form-encoded or JSON) → the answer, recorded once. */
export const handler = middy<APIGatewayProxyEventV2, HttpResult>()
  .use(injectLambdaContext(logger))
  .use(customerPageErrors(deps.config, wantsJson))
  .handler(async (event) => {
    const asJson = wantsJson(event);
    const token = event.pathParameters?.token ?? '';
    const recorded = await recordAnswer(deps, { token, fields: parseBody(event), channel: 'web' });
    logger.info('Answer recorded', { surveyId: recorded.survey.id, outcome: recorded.outcome });
    if (asJson) {
      const { score, comment, ces, reasons, themes, version } = recorded.response;
      const answerClass = classify(recorded.survey.metric, score);
      const outcome = recorded.outcome;
      const answer = { score, comment, ces, reasons, themes, version, class: answerClass };
      return json(200, { surveyId: recorded.survey.id, outcome, ...answer });
    }
    // Post/redirect/get: the browser lands on the finished page by GET, so a reload never posts again.
    return {
      statusCode: 303,
      headers: { location: finishedUrl(token, recorded.outcome), 'cache-control': 'no-store' },
      body: '',
    };
  });
