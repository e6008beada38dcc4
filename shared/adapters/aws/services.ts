import { createHash } from 'node:crypto';
import type { ConverseCommandInput, ConverseCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import type { PutEventsCommandInput, PutEventsCommandOutput } from '@aws-sdk/client-eventbridge';
import type {
  DescribeSecretCommandInput,
  DescribeSecretCommandOutput,
  GetSecretValueCommandInput,
  GetSecretValueCommandOutput,
  PutSecretValueCommandInput,
  PutSecretValueCommandOutput,
  UpdateSecretVersionStageCommandInput,
  UpdateSecretVersionStageCommandOutput,
} from '@aws-sdk/client-secrets-manager';
import type { SendEmailCommandInput, SendEmailCommandOutput } from '@aws-sdk/client-sesv2';
import type {
  SendMessageBatchCommandInput,
  SendMessageBatchCommandOutput,
  SendMessageCommandInput,
  SendMessageCommandOutput,
} from '@aws-sdk/client-sqs';
import { AwsClient } from './client.ts';
import { type AwsService, type CallOptions, callAws } from './service-call.ts';
import { uriEscape } from './sigv4.ts';

/**
 * The few calls closeloop makes to AWS besides its table, each in its service's wire protocol (AWS JSON 1.0/1.1,
 * REST JSON, S3's REST), signed and retried by `callAws`. A unit test serializes each with the SDK's own client and
 * expects the same request; the local emulators and the integration tests answer them as AWS does.
 */

abstract class Api extends AwsClient {
  /** A JSON answer, with its status and attempts as `$metadata`; the body is built when the middlewares are done. */
  protected call<O>(
    service: AwsService,
    request: { operation: string; method: string; path: string; headers: Record<string, string> },
    input: object,
    body: () => string,
    options: CallOptions = {},
  ): Promise<O> {
    return this.through(request.operation, input, async () => {
      const answer = await callAws(
        service,
        { ...request, body: body() },
        { maxAttempts: this.maxAttempts, ...options },
        this.context,
      );
      const text = answer.body.toString('utf8');
      const $metadata = { httpStatusCode: answer.status, attempts: answer.attempts };
      return { ...(text ? JSON.parse(text) : {}), $metadata } as O;
    });
  }

  /** AWS JSON 1.0 or 1.1: every operation a POST to `/`, named by `X-Amz-Target`. */
  protected json<O>(service: AwsService, version: '1.0' | '1.1', target: string, input: object): Promise<O> {
    const headers = { 'content-type': `application/x-amz-json-${version}`, 'x-amz-target': target };
    const operation = target.split('.')[1] ?? target;
    return this.call<O>(service, { operation, method: 'POST', path: '/', headers }, input, () => JSON.stringify(input));
  }
}

const EVENTBRIDGE: AwsService = { signingName: 'events', endpointId: 'EVENTBRIDGE', hostPrefix: 'events' };
const SQS: AwsService = { signingName: 'sqs', endpointId: 'SQS', hostPrefix: 'sqs' };
const SECRETS: AwsService = {
  signingName: 'secretsmanager',
  endpointId: 'SECRETS_MANAGER',
  hostPrefix: 'secretsmanager',
};
const SES: AwsService = { signingName: 'ses', endpointId: 'SESV2', hostPrefix: 'email' };
const BEDROCK: AwsService = { signingName: 'bedrock', endpointId: 'BEDROCK_RUNTIME', hostPrefix: 'bedrock-runtime' };
const S3: AwsService = { signingName: 's3', endpointId: 'S3', hostPrefix: 's3' };

export class EventBridgeApi extends Api {
  putEvents(input: PutEventsCommandInput) {
    return this.json<PutEventsCommandOutput>(EVENTBRIDGE, '1.1', 'AWSEvents.PutEvents', input);
  }
}

export class SqsApi extends Api {
  sendMessage(input: SendMessageCommandInput) {
    return this.json<SendMessageCommandOutput>(SQS, '1.0', 'AmazonSQS.SendMessage', input);
  }
  sendMessageBatch(input: SendMessageBatchCommandInput) {
    return this.json<SendMessageBatchCommandOutput>(SQS, '1.0', 'AmazonSQS.SendMessageBatch', input);
  }
}

export class SecretsManagerApi extends Api {
  getSecretValue(input: GetSecretValueCommandInput) {
    return this.json<GetSecretValueCommandOutput>(SECRETS, '1.1', 'secretsmanager.GetSecretValue', input);
  }
  describeSecret(input: DescribeSecretCommandInput) {
    return this.json<DescribeSecretCommandOutput>(SECRETS, '1.1', 'secretsmanager.DescribeSecret', input);
  }
  putSecretValue(input: PutSecretValueCommandInput) {
    return this.json<PutSecretValueCommandOutput>(SECRETS, '1.1', 'secretsmanager.PutSecretValue', input);
  }
  updateSecretVersionStage(input: UpdateSecretVersionStageCommandInput) {
    const target = 'secretsmanager.UpdateSecretVersionStage';
    return this.json<UpdateSecretVersionStageCommandOutput>(SECRETS, '1.1', target, input);
  }
}

const JSON_BODY = { 'content-type': 'application/json' };

export class SesApi extends Api {
  /** SES v2's REST `SendEmail`: the whole input is the body. */
  sendEmail(input: SendEmailCommandInput) {
    const request = { operation: 'SendEmail', method: 'POST', path: '/v2/email/outbound-emails', headers: JSON_BODY };
    return this.call<SendEmailCommandOutput>(SES, request, input, () => JSON.stringify(input));
  }
}

export class BedrockRuntimeApi extends Api {
  /** Bedrock's REST `Converse`: the model in the path, the rest of the input as the body. */
  converse(input: ConverseCommandInput, signal?: AbortSignal) {
    const path = `/model/${uriEscape(String(input.modelId))}/converse`;
    const request = { operation: 'Converse', method: 'POST', path, headers: JSON_BODY };
    const body = () => JSON.stringify({ ...input, modelId: undefined });
    return this.call<ConverseCommandOutput>(BEDROCK, request, input, body, { signal });
  }
}

const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');
const escapeKey = (key: string) => key.split('/').map(uriEscape).join('/');

export class S3Api extends Api {
  private object(operation: string, method: string, bucket: string, key: string) {
    const headers = { 'x-amz-content-sha256': EMPTY_SHA256 };
    const request = { operation, method, path: `/${escapeKey(key)}`, headers, body: '', s3Bucket: bucket };
    return this.through(operation, { Bucket: bucket, Key: key }, () =>
      callAws(S3, request, { maxAttempts: this.maxAttempts }, this.context),
    );
  }

  /** The object's bytes (`NoSuchKey` when there is none). */
  async getObject(bucket: string, key: string): Promise<Buffer> {
    return (await this.object('GetObject', 'GET', bucket, key)).body;
  }

  async deleteObject(bucket: string, key: string): Promise<void> {
    await this.object('DeleteObject', 'DELETE', bucket, key);
  }
}
