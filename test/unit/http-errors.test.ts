import middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { CaseConflict, InvalidInput, SurveyClosed } from '#shared/domain/errors.ts';
import type { HttpResult } from '#shared/platform/http.ts';
import { byRoute, type ErrorAnswer, httpErrors } from '#shared/platform/http-errors.ts';

const event = (method: string, routeKey = `${method} /x`, headers: Record<string, string> = {}) =>
  ({ routeKey, rawPath: '/x', headers, requestContext: { http: { method } } }) as unknown as APIGatewayProxyEventV2;
const context = { getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

const throwing = (error: unknown, answer?: ErrorAnswer) =>
  middy<APIGatewayProxyEventV2, HttpResult>()
    .use(httpErrors(answer))
    .handler(async () => {
      throw error;
    });

const page = (_event: APIGatewayProxyEventV2, status: number, message: string) => `<p>${status}: ${message}</p>`;

describe('the one HTTP error middleware', () => {
  it('answers an API route in JSON with the domain error status, code, message and issues', async () => {
    const result = await throwing(new InvalidInput('Invalid query', ['limit: too big']))(event('GET'), context);
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(String(result.body))).toEqual({
      error: { code: 'InvalidInput', message: 'Invalid query: limit: too big', issues: ['limit: too big'] },
    });
  });

  it('answers a page route with its page, and in JSON when the request asks for it', async () => {
    const asJson = (e: APIGatewayProxyEventV2) => e.headers.accept === 'application/json';
    const handler = throwing(new CaseConflict('Someone else took it'), { page, asJson });
    const asPage = await handler(event('POST'), context);
    const asData = await handler(event('POST', 'POST /x', { accept: 'application/json' }), context);
    expect([asPage.statusCode, asPage.body]).toEqual([409, '<p>409: Someone else took it</p>']);
    expect(asPage.headers?.['content-type']).toMatch(/^text\/html/);
    expect(asData.statusCode).toBe(409);
    expect(JSON.parse(String(asData.body)).error.code).toBe('CaseConflict');
  });

  it('shows nothing of an unexpected error: a 500 with a plain page or message', async () => {
    const secret = new Error('connect ECONNREFUSED 10.0.0.7:8000 table closeloop-prod');
    const api = await throwing(secret)(event('GET'), context);
    const shown = await throwing(secret, { page })(event('GET'), context);
    expect(api.statusCode).toBe(500);
    expect(api.body).not.toContain('ECONNREFUSED');
    expect([shown.statusCode, shown.body]).toEqual([500, '<p>500: </p>']);
  });

  it('answers HEAD without a body', async () => {
    const result = await throwing(new SurveyClosed('This survey is closed'), { page })(event('HEAD'), context);
    expect([result.statusCode, result.body]).toEqual([410, '']);
  });

  it('routes by route key, and answers 404 for a route it does not have', async () => {
    const handler = middy<APIGatewayProxyEventV2, HttpResult>()
      .use(httpErrors())
      .handler(byRoute({ 'GET /a': async () => ({ statusCode: 200, body: 'a' }) }));
    expect((await handler(event('GET', 'GET /a'), context)).body).toBe('a');
    expect((await handler(event('GET', 'GET /b'), context)).statusCode).toBe(404);
  });
});
