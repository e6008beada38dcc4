import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { DynamoDbCaseRepository } from '#shared/adapters/dynamodb/case-repository.ts';
import { DynamoDbResponseRepository } from '#shared/adapters/dynamodb/response-repository.ts';
import { DynamoDbSuppressionList } from '#shared/adapters/dynamodb/suppression-list.ts';
import { DynamoDbSurveyReads } from '#shared/adapters/dynamodb/survey-items.ts';
import { SurveyAnswered } from '#shared/contracts/survey-answered.ts';
import { dynamoDocumentClient } from '#shared/platform/clients.ts';
import { deadLettering } from '#shared/platform/dead-letters.ts';
import { functionEnv } from '#shared/platform/env.ts';
import { logger } from '#shared/platform/observability.ts';
import { sendingDeps } from '#shared/platform/sending-deps.ts';
import { on, sqsEventConsumer } from '#shared/platform/sqs-event-consumer.ts';
import { closeLoop } from '#shared/use-cases/close-loop.ts';

const env = functionEnv('CloseLoop');

const db = dynamoDocumentClient();
const deps = {
  ...sendingDeps(env),
  surveys: new DynamoDbSurveyReads(db, env.TABLE_NAME),
  responses: new DynamoDbResponseRepository(db, env.TABLE_NAME),
  cases: new DynamoDbCaseRepository(db, env.TABLE_NAME),
  suppressions: new DynamoDbSuppressionList(db, env.TABLE_NAME),
};

/** Survey Answered → the loop closed once per answer: case, alert and follow-up for detractors; thanks for promoters. */
export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger))
  .handler(
    sqsEventConsumer({
      routes: [
        on(SurveyAnswered, async (answered, meta) => {
          const outcome = await closeLoop(deps, answered);
          logger.info('Answer followed up', {
            outcome,
            surveyId: answered.surveyId,
            version: answered.version,
            eventId: meta.eventId,
          });
        }),
      ],
      ...deadLettering(env),
    }),
  );
