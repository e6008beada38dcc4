import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  AnswerConflict,
  CaseConflict,
  CaseLinkExpired,
  CaseNotFound,
  DomainError,
  Forbidden,
  InvalidCaseLink,
  InvalidInput,
  InvalidSurveyToken,
  RefusalWithIssues,
  SurveyClosed,
  SurveyNotFound,
  SurveyTokenExpired,
  UnknownSigningKey,
  UnknownSource,
  WebhookRejected,
} from '../domain/errors.ts';
import { logger } from './observability.ts';

export type HttpResult = APIGatewayProxyStructuredResultV2;

const MAX_BODY_BYTES = 16 * 1024;

/** A fresh nonce per page: the only script a page may run is the one it carries. */
export const newNonce = () => randomBytes(16).toString('base64url');

function securityHeaders(nonce?: string, connect: readonly string[] = []): Record<string, string> {
  return {
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; img-src https:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'${nonce ? `; script-src 'nonce-${nonce}'; connect-src 'self'${connect.map((origin) => ` ${origin}`).join('')}` : ''}`,
    'x-content-type-options': 'nosniff',
    // Survey links carry a token: it must not leak to other sites or caches.
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    'x-robots-tag': 'noindex',
  };
}

/** A page; with a nonce its own script may run and call this origin (and `connect`, such as a sign-in service). */
export function html(statusCode: number, body: string, nonce?: string, connect: readonly string[] = []): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'text/html; charset=utf-8', ...securityHeaders(nonce, connect) },
    body,
  };
}

export function json(statusCode: number, body: unknown): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...securityHeaders() },
    body: JSON.stringify(body),
  };
}

export function header(event: APIGatewayProxyEventV2, name: string): string {
  return event.headers?.[name] ?? event.headers?.[name.toLowerCase()] ?? '';
}

export function wantsJson(event: APIGatewayProxyEventV2): boolean {
  return (
    header(event, 'content-type').startsWith('application/json') || /^application\/json\b/.test(header(event, 'accept'))
  );
}

/** The fields of a form-encoded or JSON body; anything else, or anything too large, is InvalidInput. */
export function parseBody(event: APIGatewayProxyEventV2): Record<string, unknown> {
  const raw =
    event.body === undefined
      ? ''
      : event.isBase64Encoded
        ? Buffer.from(event.body, 'base64').toString('utf8')
        : event.body;
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) throw new InvalidInput('Request body is too large');
  const type = header(event, 'content-type').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/x-www-form-urlencoded') {
    // A field given more than once (checkboxes: reasons=a&reasons=b) is a list.
    const fields: Record<string, string | string[]> = {};
    for (const [name, value] of new URLSearchParams(raw)) {
      const known = fields[name];
      fields[name] = known === undefined ? value : [...(Array.isArray(known) ? known : [known]), value];
    }
    return fields;
  }
  if (type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new InvalidInput('Request body is not valid JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new InvalidInput('Request body must be a JSON object');
    return parsed as Record<string, unknown>;
  }
  throw new InvalidInput('Send the body as application/x-www-form-urlencoded or application/json');
}

/** The one mapping from domain errors to HTTP statuses. */
export function statusOf(error: unknown): number {
  if (error instanceof InvalidInput) return 400;
  if (
    error instanceof InvalidSurveyToken ||
    error instanceof UnknownSigningKey ||
    error instanceof InvalidCaseLink ||
    error instanceof Forbidden
  )
    return 403;
  // A webhook whose signature, time or delivery id does not hold: the sender is not who it says, or is replaying.
  if (error instanceof WebhookRejected) return 401;
  if (error instanceof SurveyNotFound || error instanceof CaseNotFound || error instanceof UnknownSource) return 404;
  // An answer that kept losing races to other answers of the same survey: the client may simply send it again.
  if (error instanceof CaseConflict || error instanceof AnswerConflict) return 409;
  if (error instanceof SurveyClosed || error instanceof SurveyTokenExpired || error instanceof CaseLinkExpired)
    return 410;
  return 500;
}

/** Turns a thrown error into a page (or JSON) with a plain message; unexpected errors are logged, never shown. */
export function errorResult(
  error: unknown,
  asJson: boolean,
  page: (status: number, message: string) => string,
): HttpResult {
  const status = statusOf(error);
  if (status === 500 || !(error instanceof DomainError)) {
    logger.error('Request failed', { error: error as Error });
    return asJson ? json(500, { error: { message: 'Internal error' } }) : html(500, page(500, ''));
  }
  const issues = error instanceof RefusalWithIssues ? error.issues : [];
  if (asJson) return json(status, { error: { code: error.name, message: error.message, issues } });
  return html(status, page(status, error.message));
}

/** HEAD answers like GET without a body. */
export function forMethod(event: APIGatewayProxyEventV2, result: HttpResult): HttpResult {
  return event.requestContext.http.method === 'HEAD' ? { ...result, body: '' } : result;
}
