import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { errorResult, forMethod, type HttpResult, json } from './http.ts';

export interface ErrorAnswer {
  /**
   * The page a person sees for a domain error (its status and plain message, or '' for a 500). Without it every
   * error is answered in JSON: an API's routes.
   */
  page?: (event: APIGatewayProxyEventV2, status: number, message: string) => string;
  /** Whether a page route answers this request in JSON instead (a script posting the form asked for it). */
  asJson?: (event: APIGatewayProxyEventV2) => boolean;
}

/**
 * The one place an HTTP handler's errors become answers: a domain error its status and message (as a page or in
 * JSON), anything else a logged 500 with nothing shown; HEAD without a body. Handlers throw; none catches.
 */
export function httpErrors(answer: ErrorAnswer = {}): MiddlewareObj<APIGatewayProxyEventV2, HttpResult> {
  return {
    onError: (request) => {
      const { event, error } = request;
      const page = answer.page;
      const asJson = page === undefined || (answer.asJson?.(event) ?? false);
      request.response = forMethod(
        event,
        errorResult(error, asJson, (status, message) => page?.(event, status, message) ?? ''),
      );
    },
  };
}

export type Route = (event: APIGatewayProxyEventV2) => Promise<HttpResult>;

/** A handler body for several routes: the route's function, by API Gateway's route key (`GET /api/cases`). */
export function byRoute(routes: Record<string, Route>): Route {
  return (event) => routes[event.routeKey]?.(event) ?? Promise.resolve(noRoute(event));
}

const noRoute = (event: APIGatewayProxyEventV2) => json(404, { error: { message: `No route ${event.routeKey}` } });
