import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { DynamoDbCaseRepository } from '#shared/adapters/dynamodb/case-repository.ts';
import { DynamoDbNoticeMarks } from '#shared/adapters/dynamodb/notice-marks.ts';
import { DynamoDbReportReader } from '#shared/adapters/dynamodb/report-reader.ts';
import { isoDateTime } from '#shared/contracts/contract.ts';
import { dynamoDocumentClient } from '#shared/platform/clients.ts';
import { functionEnv } from '#shared/platform/env.ts';
import { logger } from '#shared/platform/observability.ts';
import { sendingDeps } from '#shared/platform/sending-deps.ts';
import { sendStaffNotices } from '#shared/use-cases/staff-notices.ts';

const env = functionEnv('SendStaffNotices');
const db = dynamoDocumentClient();
const deps = {
  ...sendingDeps(env),
  reports: new DynamoDbReportReader(db, env.TABLE_NAME),
  cases: new DynamoDbCaseRepository(db, env.TABLE_NAME),
  marks: new DynamoDbNoticeMarks(db, env.TABLE_NAME),
};

/** Every hour (a schedule rule): the digests and score-drop alerts due at the scheduled time, each sent once. */
export const handler = middy<ScheduledEvent, { digests: number; drops: number }>()
  .use(injectLambdaContext(logger))
  .handler(async (event) => {
    const asOf = new Date(isoDateTime.parse(event.time));
    const result = await sendStaffNotices(deps, asOf);
    if (result.digests + result.drops > 0) logger.info('Staff notices sent', { ...result, asOf: asOf.toISOString() });
    return result;
  });
