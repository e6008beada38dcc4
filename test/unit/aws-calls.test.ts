import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  ConditionalCheckFailedException,
  DocumentClient,
  PutCommand,
  TransactionCanceledException,
  TransactWriteCommand,
} from '#shared/adapters/aws/dynamodb.ts';
import {
  AwsError,
  endpointOf,
  environmentCredentials,
  type HttpCall,
  nodeTransport,
} from '#shared/adapters/aws/service-call.ts';
import { S3Api, SesApi } from '#shared/adapters/aws/services.ts';
import { xrayObserver } from '#shared/platform/clients.ts';

const env = { AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'id', AWS_SECRET_ACCESS_KEY: 'secret' };
type Answer = { status: number; body: string; headers?: Record<string, string> };

/** A service that answers each request with the next of `answers`, and a clock that never waits. */
function scripted(answers: Answer[]) {
  const calls: HttpCall[] = [];
  const waits: number[] = [];
  const context = {
    env,
    transport: async (call: HttpCall) => {
      calls.push(call);
      const next = answers.shift();
      if (next === undefined) throw new Error('no more answers');
      return { status: next.status, headers: next.headers ?? {}, body: Buffer.from(next.body) };
    },
    sleep: async (ms: number) => {
      waits.push(ms);
    },
  };
  return { calls, waits, context };
}

const dynamoError = (name: string, extra: object = {}) => ({
  status: 400,
  body: JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${name}`, message: `${name} (test)`, ...extra }),
});
const put = new PutCommand({ TableName: 't', Item: { pk: 'a', sk: 'b' } });

describe('calling AWS without the SDK', () => {
  it('retries throttling and server errors with backoff, and says how many attempts it took', async () => {
    // Prepare
    const { calls, waits, context } = scripted([
      dynamoError('ProvisionedThroughputExceededException'),
      { status: 500, body: '{"__type":"InternalServerError","message":"x"}' },
      { status: 503, body: '' },
      { status: 200, body: '{}' },
    ]);
    const db = new DocumentClient({ context });

    // Act
    const output = await db.send(put);

    // Assess
    expect(calls).toHaveLength(4);
    expect(output.$metadata.attempts).toBe(4);
    expect(waits).toHaveLength(3);
    expect(waits[0]).toBeLessThanOrEqual(500);
    for (const wait of waits) expect(wait).toBeGreaterThanOrEqual(0);
  });

  it('gives up after the attempts it is allowed, with the service error', async () => {
    // Prepare
    const { calls, context } = scripted(Array.from({ length: 5 }, () => dynamoError('ThrottlingException')));
    const db = new DocumentClient({ context, maxAttempts: 3 });

    // Act
    const error = await db.send(put).catch((e: unknown) => e);

    // Assess
    expect(calls).toHaveLength(3);
    expect(error).toBeInstanceOf(AwsError);
    expect((error as AwsError).name).toBe('ThrottlingException');
    expect((error as AwsError).$metadata).toMatchObject({ httpStatusCode: 400, attempts: 3 });
  });

  it('throws a refusal at once, as the class the adapters decide on', async () => {
    // Prepare
    const item = { pk: { S: 'a' }, status: { S: 'sent' } };
    const reasons = [{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Message: 'no', Item: item }];
    const { calls, context } = scripted([
      dynamoError('ConditionalCheckFailedException', { Item: item }),
      dynamoError('TransactionCanceledException', { CancellationReasons: reasons }),
      dynamoError('ValidationException'),
    ]);
    const db = new DocumentClient({ context });
    const transaction = new TransactWriteCommand({ TransactItems: [{ Put: put.input }, { Put: put.input }] });

    // Act
    const failed = await db.send(put).catch((e: unknown) => e);
    const cancelled = await db.send(transaction).catch((e: unknown) => e);
    const invalid = await db.send(put).catch((e: unknown) => e);

    // Assess
    expect(calls).toHaveLength(3);
    expect(failed).toBeInstanceOf(ConditionalCheckFailedException);
    expect((failed as ConditionalCheckFailedException).Item).toEqual(item);
    expect(cancelled).toBeInstanceOf(TransactionCanceledException);
    expect((cancelled as TransactionCanceledException).CancellationReasons).toEqual(reasons);
    expect((invalid as Error).name).toBe('ValidationException');
    expect((invalid as Error).message).toBe('ValidationException (test)');
  });

  it('reads the error name from the header or the body, and S3 errors from XML', async () => {
    // Prepare
    const { context } = scripted([
      {
        status: 400,
        body: '{"message":"Email address is not verified."}',
        headers: { 'x-amzn-errortype': 'MessageRejected:http://internal.amazon.com/coral/com.amazon.ses/' },
      },
      {
        status: 404,
        body: '<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>',
      },
    ]);

    // Act
    const ses = await new SesApi({ context })
      .sendEmail({ Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } } })
      .catch((e: unknown) => e);
    const s3 = await new S3Api({ context }).getObject('bucket', 'key').catch((e: unknown) => e);

    // Assess
    expect(ses).toMatchObject({ name: 'MessageRejected', message: 'Email address is not verified.' });
    expect(s3).toMatchObject({ name: 'NoSuchKey', message: 'The specified key does not exist.' });
  });

  it('finds each service where the SDK would: its regional endpoint, or the one configured', () => {
    const dynamodb = { signingName: 'dynamodb', endpointId: 'DYNAMODB', hostPrefix: 'dynamodb' };
    expect(endpointOf(dynamodb, env).url.href).toBe('https://dynamodb.eu-west-1.amazonaws.com/');
    expect(endpointOf(dynamodb, { ...env, AWS_REGION: 'cn-north-1' }).url.host).toBe(
      'dynamodb.cn-north-1.amazonaws.com.cn',
    );
    expect(endpointOf(dynamodb, { ...env, AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' }).url.host).toBe('127.0.0.1:4566');
    const both = { ...env, AWS_ENDPOINT_URL: 'http://a:1', AWS_ENDPOINT_URL_DYNAMODB: 'http://b:2' };
    expect(endpointOf(dynamodb, both).url.host).toBe('b:2');
    expect(() => endpointOf(dynamodb, {})).toThrow(/AWS_REGION/);
  });

  it('addresses S3 by bucket host in AWS, and by path on a configured endpoint or for a dotted bucket', async () => {
    // Prepare
    const inAws = scripted([{ status: 200, body: 'raw' }]);
    const local = scripted([{ status: 200, body: 'raw' }]);
    const dotted = scripted([{ status: 200, body: 'raw' }]);
    const localContext = { ...local.context, env: { ...env, AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9000' } };

    // Act
    const bytes = await new S3Api({ context: inAws.context }).getObject('mail', 'in/a b.eml');
    await new S3Api({ context: localContext }).getObject('mail', 'in/a b.eml');
    await new S3Api({ context: dotted.context }).getObject('mail.acme.example', 'in/x.eml');

    // Assess
    expect(bytes.toString()).toBe('raw');
    expect(inAws.calls[0]?.url.href).toBe('https://mail.s3.eu-west-1.amazonaws.com/in/a%20b.eml');
    expect(local.calls[0]?.url.href).toBe('http://127.0.0.1:9000/mail/in/a%20b.eml');
    expect(dotted.calls[0]?.url.href).toBe('https://s3.eu-west-1.amazonaws.com/mail.acme.example/in/x.eml');
  });

  it('takes Lambda credentials from the environment, and says so when there are none', () => {
    expect(environmentCredentials({ ...env, AWS_SESSION_TOKEN: 'token' })).toEqual({
      accessKeyId: 'id',
      secretAccessKey: 'secret',
      sessionToken: 'token',
    });
    expect(() => environmentCredentials({ AWS_REGION: 'eu-west-1' })).toThrow(/AWS_ACCESS_KEY_ID/);
  });

  it("traces each call as an aws subsegment, flagged as X-Ray flags the SDK's calls", async () => {
    // Prepare: a segment that records what is done to its subsegments
    const subsegments: { name: string; attributes: Record<string, unknown>; flags: string[]; closed?: Error | null }[] =
      [];
    const tracer = {
      getSegment: () => ({
        addNewSubsegment(name: string) {
          const record = {
            name,
            attributes: {} as Record<string, unknown>,
            flags: [] as string[],
            closed: undefined as Error | null | undefined,
          };
          subsegments.push(record);
          return {
            addAttribute: (key: string, value: unknown) => {
              record.attributes[key] = value;
            },
            addThrottleFlag: () => record.flags.push('throttle'),
            addErrorFlag: () => record.flags.push('error'),
            addFaultFlag: () => record.flags.push('fault'),
            close: (error?: Error) => {
              record.closed = error ?? null;
            },
          };
        },
      }),
    };
    const { context } = scripted([
      { status: 429, body: '{"__type":"ThrottlingException"}' },
      { status: 200, body: '{}' },
      dynamoError('ConditionalCheckFailedException'),
      { status: 500, body: '' },
    ]);
    const db = new DocumentClient({ context: { ...context, observe: xrayObserver(tracer) }, maxAttempts: 1 });
    const retrying = new DocumentClient({ context: { ...context, observe: xrayObserver(tracer) } });

    // Act
    await retrying.send(put);
    await db.send(put).catch(() => undefined);
    await db.send(put).catch(() => undefined);

    // Assess
    expect(subsegments.map((s) => [s.name, s.flags])).toEqual([
      ['DYNAMODB', []],
      ['DYNAMODB', ['error']],
      ['DYNAMODB', ['fault']],
    ]);
    expect(subsegments[0]?.attributes).toMatchObject({ namespace: 'aws', aws: { operation: 'PutItem', retries: 1 } });
    expect(subsegments[0]?.closed).toBeNull();
    expect(subsegments[1]?.closed?.name).toBe('ConditionalCheckFailedException');
  });

  it('drops a connection that stays silent and tries again, instead of hanging until the function times out', async () => {
    // Prepare: a service that takes every request and never answers
    const held: { destroy(): void }[] = [];
    const server = createServer((request) => {
      held.push(request.socket);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const db = new DocumentClient({
      maxAttempts: 2,
      context: {
        env: { ...env, AWS_ENDPOINT_URL_DYNAMODB: endpoint },
        transport: nodeTransport({ socketTimeoutMs: 100 }),
        sleep: async () => undefined,
      },
    });

    // Act
    const error = await db.send(put).catch((e: unknown) => e);
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => server.close(resolve));

    // Assess
    expect(held).toHaveLength(2);
    expect(error).toMatchObject({ name: 'TimeoutError', $metadata: { attempts: 2 } });
    expect((error as Error).message).toMatch(/No answer from 127\.0\.0\.1:\d+ in 100 ms/);
  });
});
