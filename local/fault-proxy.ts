import { createServer, request as forward, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CapacityMeter } from './capacity-meter.ts';

/**
 * What goes wrong, on every `every`-th matching request (deterministic, so a test is repeatable):
 * - `throttle`: refused before it reaches the emulator, as the service's throttling error (429 / 400);
 * - `error`: refused before it reaches the emulator, as a 500;
 * - `lost-response`: it reaches the emulator and is applied, then the caller gets a 500 instead of the answer,
 *   as when a connection drops after the service did the work;
 * - `reject` (SES): refused for good, as SES's MessageRejected (an unverified sender, say).
 */
export interface FaultRule {
  kind: 'throttle' | 'error' | 'lost-response' | 'reject';
  every: number;
  /** Only requests of this operation (`SendEmail`, `TransactWriteItems`, …); every request when absent. */
  operation?: string | undefined;
}

export type Protocol = 'sesv2' | 'dynamodb';

/** The operation a request asks for, as the SDK names it. */
function operationOf(protocol: Protocol, request: IncomingMessage): string {
  if (protocol === 'dynamodb') return String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
  const path = new URL(request.url ?? '/', 'http://local').pathname;
  if (request.method === 'POST' && path === '/v2/email/outbound-emails') return 'SendEmail';
  return `${request.method} ${path}`;
}

/** The service's own error shapes, so the SDK classifies (and retries) them as it would in AWS. */
function failure(
  protocol: Protocol,
  kind: 'throttle' | 'error' | 'reject',
): { status: number; headers: Record<string, string>; body: unknown } {
  if (kind === 'reject')
    return {
      status: 400,
      headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'MessageRejected' },
      body: { message: 'Email address is not verified (injected)' },
    };
  if (protocol === 'dynamodb')
    return kind === 'throttle'
      ? {
          status: 400,
          headers: { 'content-type': 'application/x-amz-json-1.0' },
          body: {
            __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
            message: 'The level of configured provisioned throughput for the table was exceeded (injected)',
          },
        }
      : {
          status: 500,
          headers: { 'content-type': 'application/x-amz-json-1.0' },
          body: {
            __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
            message: 'Internal error (injected)',
          },
        };
  return kind === 'throttle'
    ? {
        status: 429,
        headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException' },
        body: { message: 'Maximum sending rate exceeded (injected)' },
      }
    : {
        status: 500,
        headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'InternalFailure' },
        body: { message: 'Internal failure (injected)' },
      };
}

/**
 * A proxy in front of one emulator that injects the service's own failures at the network boundary, where they
 * happen in AWS: the functions, their SDK clients and their retries are the ones that run in Lambda, unaware.
 */
export async function startFaultProxy(protocol: Protocol, target: string, meter?: CapacityMeter) {
  const targetUrl = new URL(target);
  let rules: FaultRule[] = [];
  const seen = new Map<FaultRule, number>();
  const injected: Record<string, number> = {};

  const send = (response: ServerResponse, status: number, headers: Record<string, string>, body: unknown) => {
    response.writeHead(status, { ...headers, 'x-amzn-requestid': crypto.randomUUID() });
    response.end(JSON.stringify(body));
  };

  /** The request as the emulator gets it: the same, addressed to the emulator. */
  const upstreamRequest = (request: IncomingMessage, headers: Record<string, string> = {}) => ({
    host: targetUrl.hostname,
    port: targetUrl.port,
    method: request.method,
    path: request.url,
    headers: { ...request.headers, host: targetUrl.host, ...headers },
  });

  const server: Server = createServer((request, response) => {
    const operation = operationOf(protocol, request);
    const rule = rules.find((candidate) => {
      if (candidate.operation !== undefined && candidate.operation !== operation) return false;
      const count = (seen.get(candidate) ?? 0) + 1;
      seen.set(candidate, count);
      return count % candidate.every === 0;
    });
    if (rule !== undefined) injected[`${rule.kind} ${operation}`] = (injected[`${rule.kind} ${operation}`] ?? 0) + 1;
    if (rule !== undefined && rule.kind !== 'lost-response') {
      const fault = failure(protocol, rule.kind);
      request.resume();
      request.on('end', () => send(response, fault.status, fault.headers, fault.body));
      return;
    }
    if (meter?.metering) {
      metered(meter, operation, request, response, rule?.kind === 'lost-response');
      return;
    }
    const upstream = forward(upstreamRequest(request), (answer) => {
      if (rule?.kind === 'lost-response') {
        answer.resume();
        answer.on('end', () => {
          const fault = failure(protocol, 'error');
          send(response, fault.status, fault.headers, fault.body);
        });
        return;
      }
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', (error) => {
      response.writeHead(502, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: error.message }));
    });
    request.pipe(upstream);
  });
  /** A request read whole, sent on asking for its capacity, and its answer counted before it is passed back. */
  function metered(
    meter: CapacityMeter,
    operation: string,
    request: IncomingMessage,
    response: ServerResponse,
    lose: boolean,
  ) {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = meter.askForUnits(Buffer.concat(chunks));
      const readBefore = meter.readBefore(operation, body);
      if (readBefore === undefined) {
        pass(body, () => undefined);
        return;
      }
      // A transaction: what it writes is read first, so that the table model can bill it (see `CapacityMeter`).
      const headers = { 'content-length': String(readBefore.length), 'x-amz-target': 'DynamoDB_20120810.BatchGetItem' };
      const reading = forward(upstreamRequest(request, headers), (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => parts.push(chunk));
        answer.on('end', () => {
          const before = Buffer.concat(parts);
          pass(body, (status) => (status === 200 ? meter.billTransaction(body, before) : undefined));
        });
      });
      reading.on('error', () => pass(body, () => undefined));
      reading.end(readBefore);
    });

    function pass(body: Buffer, billed: (status: number) => Record<string, number> | undefined) {
      const upstream = forward(upstreamRequest(request, { 'content-length': String(body.length) }), (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => parts.push(chunk));
        answer.on('end', () => {
          const whole = Buffer.concat(parts);
          meter.count(operation, whole, billed(answer.statusCode ?? 502));
          if (lose) {
            const fault = failure(protocol, 'error');
            send(response, fault.status, fault.headers, fault.body);
            return;
          }
          const { 'transfer-encoding': _chunked, ...headers } = answer.headers;
          response.writeHead(answer.statusCode ?? 502, { ...headers, 'content-length': String(whole.length) });
          response.end(whole);
        });
      });
      upstream.on('error', (error) => {
        response.writeHead(502, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ message: error.message }));
      });
      upstream.end(body);
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Replaces the rules (none: everything passes), and starts counting afresh. */
    set(next: FaultRule[]) {
      rules = next;
      seen.clear();
      for (const key of Object.keys(injected)) delete injected[key];
    },
    /** How many of each fault were injected since the rules were set. */
    injected: () => ({ ...injected }),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
