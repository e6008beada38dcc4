import { createHash, createHmac } from 'node:crypto';
import { Readable } from 'node:stream';
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DeleteObjectCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import * as sdk from '@aws-sdk/lib-dynamodb';
import { HttpRequest } from '@smithy/core/transport';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import * as ours from '#shared/adapters/aws/dynamodb.ts';
import type { HttpCall } from '#shared/adapters/aws/service-call.ts';
import {
  BedrockRuntimeApi,
  EventBridgeApi,
  S3Api,
  SecretsManagerApi,
  SesApi,
  SqsApi,
} from '#shared/adapters/aws/services.ts';
import { sign } from '#shared/adapters/aws/sigv4.ts';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const region = 'eu-west-1';
const env = {
  AWS_REGION: region,
  AWS_ACCESS_KEY_ID: credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
};

/** What a request looks like on the wire, for comparing ours with the SDK's. */
interface Wire {
  method: string;
  host: string;
  path: string;
  target: string | undefined;
  contentType: string | undefined;
  body: unknown;
}

/** SHA-256 as the SDK's signer takes it (a hash, or an HMAC with a key). */
class Sha256 {
  private readonly hash;
  constructor(secret?: string | Uint8Array) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', secret);
  }
  update(data: string | Uint8Array) {
    this.hash.update(data);
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

const parsed = (body: string) => (body ? JSON.parse(body) : undefined);

/** An SDK client's handler that records the request and answers with `answer`. */
function sdkHandler(
  seen: Wire[],
  answer: () => { status: number; body: string } = () => ({ status: 200, body: '{}' }),
) {
  return {
    async handle(request: HttpRequest) {
      const body = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body);
      seen.push({
        method: request.method,
        host: request.hostname,
        path: request.path,
        target: request.headers['x-amz-target'],
        contentType: request.headers['content-type']?.split(';')[0],
        body: parsed(body ?? ''),
      });
      const { status, body: text } = answer();
      return {
        response: {
          statusCode: status,
          headers: { 'content-type': 'application/json' },
          body: Readable.from([Buffer.from(text)]),
        },
      };
    },
  };
}

/** closeloop's transport that records the request and answers the same. */
function ourTransport(
  seen: Wire[],
  answer: () => { status: number; body: string } = () => ({ status: 200, body: '{}' }),
) {
  return async (call: HttpCall) => {
    seen.push({
      method: call.method,
      host: call.url.hostname,
      path: call.url.pathname,
      target: call.headers['x-amz-target'],
      contentType: call.headers['content-type'],
      body: parsed(call.body),
    });
    const { status, body } = answer();
    return { status, headers: {}, body: Buffer.from(body) };
  };
}

describe('closeloop on the wire, beside the SDK', () => {
  it('signs exactly as the SDK signs (Signature Version 4)', async () => {
    // Prepare
    const now = new Date('2026-11-30T08:15:30.000Z');
    const cases: {
      service: string;
      escapePath: boolean;
      method: string;
      url: string;
      body: string;
      headers: Record<string, string>;
    }[] = [
      {
        service: 'dynamodb',
        escapePath: true,
        method: 'POST',
        url: 'https://dynamodb.eu-west-1.amazonaws.com/',
        body: '{"TableName":"closeloop"}',
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.GetItem' },
      },
      {
        service: 'dynamodb',
        escapePath: true,
        method: 'POST',
        url: 'http://127.0.0.1:8000/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse?b=2&a=1%20x',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      },
      {
        service: 's3',
        escapePath: false,
        method: 'GET',
        url: 'https://inbound.s3.eu-west-1.amazonaws.com/mail/a%20b%2Bc%21.eml',
        body: '',
        headers: { 'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
      },
    ];
    for (const session of [undefined, 'FQoGZXIvYXdzEXAMPLE//token']) {
      for (const c of cases) {
        const url = new URL(c.url);
        const creds = { ...credentials, sessionToken: session };
        const request = new HttpRequest({
          method: c.method,
          protocol: url.protocol,
          hostname: url.hostname,
          port: url.port ? Number(url.port) : undefined,
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          headers: { ...c.headers, host: url.host },
          body: c.body,
        });
        const theirSigner = new SignatureV4({
          credentials: creds,
          region,
          service: c.service,
          sha256: Sha256 as never,
          uriEscapePath: c.escapePath,
          // Only S3 needs the payload's hash as a header; closeloop sends it there alone.
          applyChecksum: c.service === 's3',
        });
        // Act
        const theirs = await theirSigner.sign(request, { signingDate: now });
        const mine = sign(
          { method: c.method, url, headers: c.headers, body: c.body },
          { credentials: creds, region, service: c.service, escapePath: c.escapePath },
          now,
        );
        // Assess
        expect(mine.authorization).toBe(theirs.headers.authorization);
        expect(mine['x-amz-date']).toBe(theirs.headers['x-amz-date']);
        expect(mine['x-amz-security-token']).toBe(theirs.headers['x-amz-security-token']);
      }
    }
  });

  it('sends the table the same requests as the SDK document client, and reads the answers the same', async () => {
    // Prepare
    const theirs: Wire[] = [];
    const mine: Wire[] = [];
    const item = { pk: 'SURVEY#1', sk: 'SURVEY', score: 7, tags: ['a'], gone: undefined, nested: { at: '2026' } };
    const answer = () => ({
      status: 200,
      body: JSON.stringify({
        Item: { pk: { S: 'SURVEY#1' }, n: { N: '3' } },
        Items: [{ pk: { S: 'x' } }],
        LastEvaluatedKey: { pk: { S: 'x' } },
        UnprocessedKeys: { t: { Keys: [{ pk: { S: 'k' } }] } },
      }),
    });
    const client = sdk.DynamoDBDocumentClient.from(
      new DynamoDBClient({ region, credentials, requestHandler: sdkHandler(theirs, answer), maxAttempts: 1 }),
      { marshallOptions: { removeUndefinedValues: true } },
    );
    const db = new ours.DocumentClient({ context: { env, transport: ourTransport(mine, answer) } });
    const inputs = {
      get: { TableName: 't', Key: { pk: 'a', sk: 'b' }, ConsistentRead: true },
      put: { TableName: 't', Item: item, ConditionExpression: 'attribute_not_exists(pk)' },
      update: {
        TableName: 't',
        Key: { pk: 'a', sk: 'b' },
        UpdateExpression: 'SET #s = :s ADD n :one',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': 'sent', ':one': 1 },
        ReturnValues: 'ALL_NEW' as const,
      },
      query: {
        TableName: 't',
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': 'STORE#1' },
        ExclusiveStartKey: { pk: 'x', sk: 'y' },
        Limit: 10,
      },
      batch: {
        RequestItems: {
          t: {
            Keys: [
              { pk: 'a', sk: 'b' },
              { pk: 'c', sk: 'd' },
            ],
            ProjectionExpression: 'pk',
          },
        },
      },
      transact: {
        TransactItems: [
          { Put: { TableName: 't', Item: item } },
          {
            Update: {
              TableName: 't',
              Key: { pk: 'c', sk: 'd' },
              UpdateExpression: 'SET v = :v',
              ExpressionAttributeValues: { ':v': 2 },
            },
          },
          {
            ConditionCheck: { TableName: 't', Key: { pk: 'e', sk: 'f' }, ConditionExpression: 'attribute_exists(pk)' },
          },
          { Delete: { TableName: 't', Key: { pk: 'g', sk: 'h' } } },
        ],
        ClientRequestToken: 'token-1',
      },
    };

    // Act
    const outputs = [
      [await client.send(new sdk.GetCommand(inputs.get)), await db.send(new ours.GetCommand(inputs.get))],
      [await client.send(new sdk.PutCommand(inputs.put)), await db.send(new ours.PutCommand(inputs.put))],
      [await client.send(new sdk.UpdateCommand(inputs.update)), await db.send(new ours.UpdateCommand(inputs.update))],
      [await client.send(new sdk.QueryCommand(inputs.query)), await db.send(new ours.QueryCommand(inputs.query))],
      [await client.send(new sdk.BatchGetCommand(inputs.batch)), await db.send(new ours.BatchGetCommand(inputs.batch))],
      [
        await client.send(new sdk.TransactWriteCommand(inputs.transact)),
        await db.send(new ours.TransactWriteCommand(inputs.transact)),
      ],
    ];

    // Assess
    expect(mine).toEqual(theirs);
    expect(mine[0]?.host).toBe('dynamodb.eu-west-1.amazonaws.com');
    for (const [sdkOutput, ourOutput] of outputs) {
      const { $metadata: _a, ...a } = sdkOutput as Record<string, unknown>;
      const { $metadata: _b, ...b } = ourOutput as Record<string, unknown>;
      // The SDK keeps the members its model names for the operation; ours passes the answer through.
      expect(b).toMatchObject(a);
    }
  });

  it('sends the other services the same requests as the SDK clients', async () => {
    // Prepare
    const theirs: Wire[] = [];
    const mine: Wire[] = [];
    const options = { context: { env, transport: ourTransport(mine) } };
    const sdkOptions = { region, credentials, requestHandler: sdkHandler(theirs), maxAttempts: 1 };
    const email = {
      FromEmailAddress: '"Acme" <feedback@acme.example>',
      Destination: { ToAddresses: ['ana@example.com'] },
      ReplyToAddresses: ['reply+abc@acme.example'],
      ConfigurationSetName: 'closeloop',
      EmailTags: [{ Name: 'surveyId', Value: 's-1' }],
      Content: {
        Simple: {
          Subject: { Data: 'How did we do?', Charset: 'UTF-8' },
          Body: { Html: { Data: '<p>Hi</p>' }, Text: { Data: 'Hi' } },
          Headers: [{ Name: 'List-Unsubscribe', Value: '<https://x/u>' }],
        },
      },
    };
    const events = {
      Entries: [
        { EventBusName: 'bus', Source: 'closeloop', DetailType: 'Survey Sent', Detail: '{"a":1}', Resources: [] },
      ],
    };
    const message = {
      QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/q',
      MessageBody: 'b',
      MessageAttributes: { reason: { DataType: 'String', StringValue: 'r' } },
    };
    const batch = { QueueUrl: message.QueueUrl, Entries: [{ Id: '0', MessageBody: '{}' }] };
    const converse = {
      modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
      system: [{ text: 'tag' }],
      messages: [{ role: 'user' as const, content: [{ text: 'slow (very)!' }] }],
      inferenceConfig: { maxTokens: 200, temperature: 0 },
    };

    // Act
    await new SESv2Client(sdkOptions).send(new SendEmailCommand(email));
    await new SesApi(options).sendEmail(email);
    await new EventBridgeClient(sdkOptions).send(new PutEventsCommand(events));
    await new EventBridgeApi(options).putEvents(events);
    await new SQSClient({ ...sdkOptions, md5: false }).send(new SendMessageCommand(message));
    await new SqsApi(options).sendMessage(message);
    await new SQSClient({ ...sdkOptions, md5: false }).send(new SendMessageBatchCommand(batch));
    await new SqsApi(options).sendMessageBatch(batch);
    const secrets = new SecretsManagerClient(sdkOptions);
    const ourSecrets = new SecretsManagerApi(options);
    await secrets.send(new GetSecretValueCommand({ SecretId: 's', VersionStage: 'AWSPREVIOUS' }));
    await ourSecrets.getSecretValue({ SecretId: 's', VersionStage: 'AWSPREVIOUS' });
    await secrets.send(new DescribeSecretCommand({ SecretId: 's' }));
    await ourSecrets.describeSecret({ SecretId: 's' });
    await secrets.send(
      new PutSecretValueCommand({
        SecretId: 's',
        ClientRequestToken: 'v2',
        SecretString: 'x',
        VersionStages: ['AWSPENDING'],
      }),
    );
    await ourSecrets.putSecretValue({
      SecretId: 's',
      ClientRequestToken: 'v2',
      SecretString: 'x',
      VersionStages: ['AWSPENDING'],
    });
    await secrets.send(
      new UpdateSecretVersionStageCommand({
        SecretId: 's',
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: 'v2',
        RemoveFromVersionId: 'v1',
      }),
    );
    await ourSecrets.updateSecretVersionStage({
      SecretId: 's',
      VersionStage: 'AWSCURRENT',
      MoveToVersionId: 'v2',
      RemoveFromVersionId: 'v1',
    });
    await new BedrockRuntimeClient(sdkOptions).send(new ConverseCommand(converse));
    await new BedrockRuntimeApi(options).converse(converse);
    const s3 = new S3Client(sdkOptions);
    await s3.send(new GetObjectCommand({ Bucket: 'inbound-mail', Key: 'mail/a b+c!(1).eml' }));
    await new S3Api(options).getObject('inbound-mail', 'mail/a b+c!(1).eml');
    await s3.send(new DeleteObjectCommand({ Bucket: 'inbound-mail', Key: 'mail/x' }));
    await new S3Api(options).deleteObject('inbound-mail', 'mail/x');

    // Assess: request by request, in the same order
    expect(mine.map((wire) => wire.host)).toEqual(theirs.map((wire) => wire.host));
    for (const [i, wire] of mine.entries())
      expect(wire, `request ${i} (${wire.target ?? wire.path})`).toEqual(theirs[i]);
    expect(mine.map((wire) => wire.host)).toContain('inbound-mail.s3.eu-west-1.amazonaws.com');
    expect(mine.map((wire) => wire.host)).toContain('bedrock-runtime.eu-west-1.amazonaws.com');
  });
});
