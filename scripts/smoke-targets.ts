import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EventBridgeClientConfig } from '@aws-sdk/client-eventbridge';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../shared/adapters/dynamodb/table-design.ts';
import { SecretsManagerSigningKeys } from '../shared/adapters/secrets-manager-signing-keys.ts';
import type { CloseloopConfig } from '../shared/config/schema.ts';
import { surveyIdFor, type TriggerType } from '../shared/domain/survey.ts';
import { signSurveyToken } from '../shared/domain/survey-token.ts';
import { systemClock } from '../shared/ports/clock.ts';

type Trigger = { type: TriggerType; id: string };

/** Where the smoke test runs: a local `npm start`, or a deployed stack. */
export interface SmokeTarget {
  describe: string;
  configFile: string;
  eventBridge: EventBridgeClientConfig;
  busName: string;
  /** The HTTP API's base URL: answer pages and staff routes. */
  http: string;
  staffToken: string;
  /** A customer address for this run that no person reads. */
  customerEmail: (label: string) => string;
  /** The answer link of the survey sent for this trigger, once it is sent. */
  surveyLink: (
    config: CloseloopConfig,
    storeId: string,
    email: string,
    trigger: Trigger,
  ) => Promise<string | undefined>;
}

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

/** A running `npm start`, found where `npm start` listens by default (or on the ports its variables name). */
export async function localTarget(configFile: string): Promise<SmokeTarget> {
  const http = `http://127.0.0.1:${port('CLOSELOOP_HTTP_PORT', 3000)}`;
  const events = `http://127.0.0.1:${port('CLOSELOOP_EVENTS_PORT', 4010)}`;
  const ses = `http://127.0.0.1:${port('CLOSELOOP_SES_PORT', 8005)}`;
  const health = await fetch(`${http}/health`).catch(() => undefined);
  if (health?.status !== 200) throw new Error(`No closeloop at ${http} (is npm start running?)`);
  const minted = await fetch(`${events}/staff-tokens?username=smoke&seconds=900`, { method: 'POST' });
  const staffToken = process.env.CLOSELOOP_STAFF_TOKEN ?? ((await minted.json()) as { token: string }).token;
  return {
    describe: `the local runtime at ${http}`,
    configFile,
    eventBridge: {
      endpoint: events,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    },
    busName: 'closeloop',
    http,
    staffToken,
    customerEmail: (label) => `smoke+${label}@example.com`,
    // The customer's inbox: SES local keeps every email sent.
    surveyLink: async (_config, _storeId, email) => {
      const { emails } = (await (await fetch(`${ses}/store`)).json()) as {
        emails: { destination: { to: string[] }; body: { html?: string } }[];
      };
      const html = emails.find((mail) => mail.destination.to.includes(email))?.body.html ?? '';
      return /href="([^"]+\/s\/[^"?]+)/.exec(html)?.[1];
    },
  };
}

/** A deployed stage (`Closeloop-prod`, or either of its stacks' names): its outputs say where everything is. */
export async function awsTarget(stack: string, configFile: string): Promise<SmokeTarget> {
  const stage = stack.replace(/-(Service|Data)$/, '');
  const cloudFormation = new CloudFormationClient({});
  const outputs = async (name: string) => {
    const { Stacks = [] } = await cloudFormation.send(new DescribeStacksCommand({ StackName: name }));
    return Object.fromEntries((Stacks[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
  };
  const service = await outputs(`${stage}-Service`);
  const data = await outputs(`${stage}-Data`);
  const need = (from: Record<string, string>, key: string) => {
    const value = from[key];
    if (!value) throw new Error(`The stack ${stage} has no output ${key}: deploy this version first`);
    return value;
  };
  const staffToken = process.env.CLOSELOOP_STAFF_TOKEN;
  if (!staffToken)
    throw new Error('Set CLOSELOOP_STAFF_TOKEN to a staff access token (sign in at <PublicBaseUrl>/sign-in)');
  const table = need(data, 'TableName');
  const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const secrets = new SecretsManagerClient({});
  const signingKeys = new SecretsManagerSigningKeys(
    // The operator's own credentials (a profile, SSO): the SDK's client, through the one call the reader makes.
    { getSecretValue: (input) => secrets.send(new GetSecretValueCommand(input)) },
    need(data, 'SigningKeySecretArn'),
    systemClock,
  );
  const http = need(service, 'PublicBaseUrl').replace(/\/+$/, '');
  return {
    describe: `the deployed stage ${stage} at ${http}`,
    configFile,
    eventBridge: {},
    busName: need(service, 'EventBusName'),
    http,
    staffToken,
    // SES's mailbox simulator accepts and drops the email: no person, no bounce, no reputation.
    customerEmail: (label) => `success+${label}@simulator.amazonses.com`,
    // No inbox to read: the stored survey, and its link signed with the deployment's key as the sender signs it.
    surveyLink: async (config, storeId, _email, trigger) => {
      const triggerEvent = trigger.type === 'order' ? 'Purchase Completed' : 'Ticket Closed';
      for (const [programId, program] of Object.entries(config.programs)) {
        if (program.trigger !== triggerEvent) continue;
        const surveyId = surveyIdFor(programId, storeId, trigger);
        const { Item } = await dynamo.send(
          new GetCommand({ TableName: table, Key: keys.survey(surveyId), ConsistentRead: true }),
        );
        if (Item?.status !== 'sent') continue;
        const token = signSurveyToken({ surveyId, expiresAt: new Date(Item.expiresAt) }, await signingKeys.current());
        return `${http}/s/${token}`;
      }
      return undefined;
    },
  };
}
