import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { CloseloopConfig } from '../config/schema.ts';
import { errorPage } from '../use-cases/answer-views.ts';
import { httpErrors } from './http-errors.ts';

/**
 * Errors of the customer's pages (answer, unsubscribe) as a page in the customer's language and the store's style;
 * `asJson` for the form's script, which asks for JSON.
 */
export function customerPageErrors(config: CloseloopConfig, asJson?: (event: APIGatewayProxyEventV2) => boolean) {
  return httpErrors({
    page: (event, status, message) => errorPage(config, status, message, event.headers['accept-language']),
    ...(asJson ? { asJson } : {}),
  });
}
