import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { readBody } from '../read-body.ts';
import { type ApiService, AwsApiError } from './errors.ts';

const MAX_BODY = 1024 * 1024;
const LOOPBACK = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i;

/**
 * Why a request did not come from this machine's own tools: a Host other than loopback (DNS rebinding) or a page's
 * Origin (a cross-site form posting to `/staff-tokens` or `/faults`). The endpoint mints staff tokens: nothing from
 * a browser tab may reach it.
 */
function foreignRequest(headers: IncomingHttpHeaders): string | undefined {
  if (!LOOPBACK.test(headers.host ?? '')) return `Host ${headers.host ?? '(none)'} is not this machine`;
  const origin = headers.origin;
  if (origin !== undefined && !/^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i.test(origin))
    return `Origin ${origin} may not call the local control plane`;
  return undefined;
}

/**
 * One HTTP endpoint for the AWS JSON-protocol services the local runtime emulates. The SDK names the operation in
 * `X-Amz-Target` (`AWSEvents.PutEvents`, `AmazonSQS.SendMessage`, `secretsmanager.GetSecretValue`), so the
 * services can share a port.
 */
export function awsJsonServer(
  services: Record<string, ApiService>,
  /** Plain JSON pages beside the AWS APIs (no `X-Amz-Target`): the dev bus log, running a schedule. */
  pages: Record<string, (query: URLSearchParams, method: string) => unknown> = {},
  objects?: { serve(method: string, pathname: string, response: ServerResponse): boolean },
): Server {
  return createServer(async (request, response) => {
    try {
      await handle(request, response);
    } catch (error) {
      // Nothing a request does may stop the runtime.
      if (!response.headersSent) response.writeHead(400, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: (error as Error).message }));
    }
  });

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const foreign = foreignRequest(request.headers);
    if (foreign !== undefined) {
      response.writeHead(403, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: foreign }));
      return;
    }
    const contentType = request.headers['content-type']?.startsWith('application/x-amz-json-1.0')
      ? 'application/x-amz-json-1.0'
      : 'application/x-amz-json-1.1';
    const reply = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': contentType, 'x-amzn-requestid': crypto.randomUUID(), ...headers });
      response.end(JSON.stringify(payload));
    };
    const url = new URL(request.url ?? '/', 'http://local');
    const page = pages[url.pathname];
    if (objects?.serve(request.method ?? 'GET', url.pathname, response)) return;
    if (page && request.headers['x-amz-target'] === undefined) {
      try {
        const result = await page(url.searchParams, request.method ?? 'GET');
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(result));
      } catch (error) {
        response.writeHead(error instanceof AwsApiError ? error.status : 500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ message: (error as Error).message }));
      }
      return;
    }
    try {
      const target = String(request.headers['x-amz-target'] ?? '');
      const dot = target.indexOf('.');
      const service = services[target.slice(0, dot)];
      const operation = service?.[target.slice(dot + 1)];
      if (request.method !== 'POST' || operation === undefined) {
        throw new AwsApiError('UnknownOperationException', `Operation ${target || '(none)'} is not supported locally`);
      }
      const text = (
        await readBody(request, MAX_BODY).catch(() => {
          throw new AwsApiError('RequestEntityTooLarge', 'Request body too large', 413);
        })
      ).toString('utf8');
      let input: unknown;
      try {
        input = text === '' ? {} : JSON.parse(text);
      } catch {
        throw new AwsApiError('SerializationException', 'Request body is not JSON');
      }
      reply(200, await operation((input ?? {}) as Record<string, unknown>));
    } catch (error) {
      if (error instanceof AwsApiError) {
        const shortType = error.type.split('#').pop() ?? error.type;
        reply(
          error.status,
          { __type: error.type, message: error.message },
          { 'x-amzn-query-error': `${shortType};Sender` },
        );
      } else {
        reply(500, { __type: 'InternalFailure', message: (error as Error).message });
      }
    }
  }
}
