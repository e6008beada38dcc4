import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import type { HttpMethod } from '../shared/topology/wiring.ts';
import type { LocalFunction } from './functions/host.ts';
import { readBody } from './read-body.ts';
import { authorizerClaims, type Verdict } from './staff-issuer.ts';

export interface LocalRoute {
  method: HttpMethod;
  path: string;
  fn: LocalFunction;
  /** For staff routes: the JWT authorizer's verdict on the request's Authorization header. */
  authorize?: ((authorization: string | undefined) => Verdict) | undefined;
}

const MAX_BODY = 1024 * 1024;
/** Bodies API Gateway passes as text; everything else (form posts included) arrives base64-encoded. */
const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript)|[^;]*\+(json|xml))/;

function compile(path: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      const greedy = /^\{(\w+)\+\}$/.exec(segment);
      const single = /^\{(\w+)\}$/.exec(segment);
      if (greedy?.[1]) {
        names.push(greedy[1]);
        return '(.+)';
      }
      if (single?.[1]) {
        names.push(single[1]);
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { regex: new RegExp(`^${source}$`), names };
}

/**
 * The HTTP API, locally: matches a request to a route of the wiring and hands the function the same payload
 * format 2.0 event API Gateway would, then writes its result back as API Gateway does.
 */
/** The payload format 2.0 event API Gateway gives a function for one request. */
export function apiGatewayEvent(request: {
  routeKey: string;
  method: string;
  url: URL;
  headers: Record<string, string>;
  pathParameters?: Record<string, string>;
  body: Buffer;
  sourceIp?: string;
  protocol?: string;
}): APIGatewayProxyEventV2 {
  const { url, headers, body } = request;
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams)
    query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
  const text = TEXT_TYPES.test(headers['content-type'] ?? 'text/plain');
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: request.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    cookies: headers.cookie?.split(/;\s*/),
    headers,
    queryStringParameters: Object.keys(query).length > 0 ? query : undefined,
    pathParameters: request.pathParameters,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0] ?? 'localhost',
      http: {
        method: request.method,
        path: url.pathname,
        protocol: request.protocol ?? 'HTTP/1.1',
        sourceIp: request.sourceIp ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: request.routeKey,
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    body: body.length === 0 ? undefined : text ? body.toString('utf8') : body.toString('base64'),
    isBase64Encoded: body.length > 0 && !text,
  };
}

export function httpApi(routes: readonly LocalRoute[]) {
  const compiled = routes.map((route) => ({ ...route, ...compile(route.path) }));

  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const url = new URL(request.url ?? '/', 'http://local');
    const method = (request.method ?? 'GET').toUpperCase();
    let params: Record<string, string> | undefined;
    const route = compiled.find((candidate) => {
      if (candidate.method !== method) return false;
      const match = candidate.regex.exec(url.pathname);
      if (!match) return false;
      params = Object.fromEntries(candidate.names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]));
      return true;
    });
    if (!route) return false;

    // As API Gateway's JWT authorizer: no valid token, no call, and nothing but 401 said about why.
    const verdict = route.authorize?.(request.headers.authorization);
    if (verdict !== undefined && !verdict.ok) {
      request.resume();
      response.writeHead(401, {
        'content-type': 'application/json',
        'www-authenticate': `Bearer error="invalid_token", error_description="${verdict.reason}"`,
      });
      response.end(JSON.stringify({ message: 'Unauthorized' }));
      return true;
    }

    const body = await readBody(request, MAX_BODY);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
    }
    const event = apiGatewayEvent({
      routeKey: `${route.method} ${route.path}`,
      method,
      url,
      headers,
      pathParameters: params,
      body,
      sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
      protocol: `HTTP/${request.httpVersion}`,
    });
    if (verdict?.ok)
      Object.assign(event.requestContext, {
        authorizer: { jwt: { claims: authorizerClaims(verdict.claims), scopes: null } },
      });

    let result: APIGatewayProxyResultV2;
    try {
      result = (await route.fn.invoke(event)) as APIGatewayProxyResultV2;
    } catch {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: 'Internal Server Error' }));
      return true;
    }
    if (typeof result === 'string' || typeof result !== 'object' || result === null || !('statusCode' in result)) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(typeof result === 'string' ? result : JSON.stringify(result));
      return true;
    }
    const outHeaders: Record<string, string | string[]> = { ...(result.headers as Record<string, string>) };
    if (result.cookies?.length) outHeaders['set-cookie'] = result.cookies;
    response.writeHead(result.statusCode ?? 200, outHeaders);
    const payload =
      result.body === undefined ? '' : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body;
    response.end(method === 'HEAD' ? undefined : payload);
    return true;
  };
}
