import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { externalId } from '#shared/contracts/contract.ts';
import { formatIssues } from '#shared/contracts/issues.ts';
import { InvalidInput } from '#shared/domain/errors.ts';
import { requireAllStores } from '#shared/domain/store-access.ts';
import { functionEnv } from '#shared/platform/env.ts';
import { eraseDeps } from '#shared/platform/erase-deps.ts';
import { type HttpResult, json } from '#shared/platform/http.ts';
import { httpErrors } from '#shared/platform/http-errors.ts';
import { logger } from '#shared/platform/observability.ts';
import { staffAccess, staffMember } from '#shared/platform/staff.ts';
import { eraseCustomer } from '#shared/use-cases/erase-customer.ts';

const env = functionEnv('StaffCustomers');
const deps = eraseDeps(env);

/** DELETE /api/customers/{customerId}: erases the customer now and says how many surveys it erased. */
export const handler = middy<APIGatewayProxyEventV2, HttpResult>()
  .use(injectLambdaContext(logger))
  .use(httpErrors())
  .handler(async (event) => {
    // A customer is the business's, not one store's: erasing one acts on every store's data.
    requireAllStores(staffAccess(event), 'Erasing a customer');
    const customerId = externalId.safeParse(event.pathParameters?.customerId);
    if (!customerId.success)
      throw new InvalidInput('Invalid customer id', formatIssues(customerId.error, 'customerId'));
    const result = await eraseCustomer(deps, { customerId: customerId.data });
    // Who asked is part of the record of an erasure.
    logger.info('Customer erased', { by: staffMember(event), surveys: result.surveys });
    return json(200, result);
  });
