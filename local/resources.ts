import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type EnvBinding, kebab, type QueueConsumer, SEND_QUEUE_CONSUMER } from '../shared/topology/wiring.ts';
import { ACCOUNT } from './aws/sqs-api.ts';

/** What the local runtime calls its region (any would do: nothing leaves the machine). */
export const REGION = 'us-east-1';

/** The names of the local runtime's resources, which the stack names per stage in AWS. */
export const LOCAL_RESOURCES = {
  table: 'closeloop',
  configurationSet: 'closeloop',
  signingKeySecret: 'closeloop/link-signing-key',
  inboundMailBucket: 'closeloop-inbound-mail',
} as const;
/** Instances per HTTP function: Lambda scales them with load; locally a few warm ones suffice. */
export const HTTP_CONCURRENCY = 4;

export const queueNames = (consumer: QueueConsumer) => ({
  queue: kebab(consumer.id),
  deadLetterQueue: `${kebab(consumer.id)}-dlq`,
});

/**
 * What each function's environment holds locally: the value of every binding (but `config`, which is per function:
 * the copy in its task folder), and what Lambda sets itself, with `AWS_ENDPOINT_URL_<SERVICE>` at the emulators.
 */
export function localEnvironment(urls: {
  busName: string;
  http: string;
  events: string;
  dynamodb: string;
  ses: string;
  logLevel: string;
  /** Source id → local secret name (`sourceSecretIds(config, 'local')`). */
  sourceSecretIds?: Record<string, string>;
}) {
  const bindingValue: Record<Exclude<EnvBinding, 'config'>, string> = {
    table: LOCAL_RESOURCES.table,
    bus: urls.busName,
    mail: LOCAL_RESOURCES.configurationSet,
    signingKeys: LOCAL_RESOURCES.signingKeySecret,
    publicBaseUrl: urls.http,
    inboundMail: LOCAL_RESOURCES.inboundMailBucket,
    sendQueue: `${urls.events}/${ACCOUNT}/${kebab(SEND_QUEUE_CONSUMER)}`,
    staffSignIn: JSON.stringify({ kind: 'token' }),
    sourceSecrets: JSON.stringify(urls.sourceSecretIds ?? {}),
  };
  const commonEnv = {
    PATH: process.env.PATH ?? '',
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: urls.dynamodb,
    AWS_ENDPOINT_URL_SESV2: urls.ses,
    AWS_ENDPOINT_URL_EVENTBRIDGE: urls.events,
    AWS_ENDPOINT_URL_SQS: urls.events,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: urls.events,
    AWS_ENDPOINT_URL_S3: urls.events,
    POWERTOOLS_LOG_LEVEL: urls.logLevel,
    POWERTOOLS_SERVICE_NAME: 'closeloop',
  };
  return { bindingValue, commonEnv };
}

/** A port the OS says is free now; DynamoDB Local (Java) cannot be asked to pick one itself. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  const port = await listen(probe, 0);
  await new Promise((done) => probe.close(done));
  return port;
}

export function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolvePort((server.address() as AddressInfo).port));
  });
}
