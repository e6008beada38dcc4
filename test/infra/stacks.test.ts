import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { noBundling, outdir, synth } from '../support/synth.ts';

describe('the CDK app', () => {
  let dev: ReturnType<typeof synth>;
  beforeAll(() => {
    dev = synth();
  });

  it('synthesizes offline with cdk-nag AwsSolutions and Serverless checks and no unacknowledged finding', () => {
    expect(dev.assembly.stacks.map((stack) => stack.stackName).sort()).toEqual([
      'Closeloop-dev-Data',
      'Closeloop-dev-Service',
    ]);
  });

  // The X-Ray acknowledgement covers Resource::*, so this probes with another wildcard; the IAM test below keeps
  // "*" to X-Ray actions.
  it('has cdk-nag in force: a wildcard grant added to a function role fails synth', () => {
    const built = buildApp(new App({ outdir: outdir(), context: noBundling }));
    const role = built.service.node.findAll().find((c) => c.node.path.endsWith('SendSurvey/Role'));
    (role as unknown as { addToPolicy(s: PolicyStatement): void }).addToPolicy(
      new PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::any-bucket/*'] }),
    );
    expect(() => built.app.synth()).toThrow(/AwsSolutions-IAM5\[Resource::arn:aws:s3:::any-bucket\/\*\]/);
  });

  it('has the Serverless pack in force: a queue without a dead-letter queue fails synth', () => {
    const built = buildApp(new App({ outdir: outdir(), context: noBundling }));
    new Queue(built.service, 'Unwatched', { enforceSSL: true, encryption: QueueEncryption.SQS_MANAGED });
    expect(() => built.app.synth()).toThrow(/Serverless-SQSRedrivePolicy/);
  });

  it('keeps data in an on-demand table with PITR, TTL and the six indexes', () => {
    dev.data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      GlobalSecondaryIndexes: ['gsi1', 'gsi2', 'gsi3', 'gsi4', 'gsi5', 'gsi6'].map((name) =>
        Match.objectLike({ IndexName: name }),
      ),
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
  });

  it('retains data and protects the table in prod only', () => {
    const prod = synth({ stage: 'prod' });
    prod.data.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    prod.data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })],
    });
    dev.data.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Delete' });
    prod.data.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
  });

  it('has the bus, the signing-key secret and an SES configuration set that suppresses bounces and complaints', () => {
    dev.data.hasResourceProperties('AWS::Events::EventBus', { Name: 'closeloop-dev' });
    dev.data.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ SecretStringTemplate: '{"kid":"k1"}', GenerateStringKey: 'secret' }),
    });
    dev.data.hasResourceProperties('AWS::SES::ConfigurationSet', {
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
    });
  });

  it('keeps staff in a user pool without self sign-up, with a strong password and a one-time code', () => {
    dev.data.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true }) },
    });
  });

  it('has the staff groups store access reads: all-stores, and one store:<id> per store the configuration names', () => {
    // Prepare: two named stores beside "*"
    const config = JSON.parse(readFileSync('config/closeloop.json', 'utf8'));
    const any = config.stores['*'];
    config.stores = { ...config.stores, 'store-berlin': any, 'store-paris': any };
    const file = join(outdir(), 'named-stores.json');
    writeFileSync(file, JSON.stringify(config));
    const groupsOf = (template: Template) =>
      Object.values(template.findResources('AWS::Cognito::UserPoolGroup'))
        .map((resource) => (resource as { Properties: { GroupName: string } }).Properties.GroupName)
        .sort();
    // Act
    const named = synth({ config: file });
    // Assess: "*" has no group of its own; every deployment has all-stores
    expect(groupsOf(named.data)).toEqual(['all-stores', 'store:store-berlin', 'store:store-paris']);
    expect(groupsOf(dev.data)).toEqual(['all-stores']);
  });

  it('lets only closeloop put closeloop events on the bus, and with producers configured only them put anything', () => {
    // Prepare
    const policyOf = (template: Template) =>
      Object.values(template.findResources('AWS::Events::EventBusPolicy')).map(
        (resource) => (resource as { Properties: { Statement: Record<string, unknown> } }).Properties.Statement,
      );
    const config = JSON.parse(readFileSync('config/closeloop.json', 'utf8'));
    config.bus = { producers: ['arn:aws:iam::123456789012:role/acme-webshop-*'] };
    const file = join(outdir(), 'producers.json');
    writeFileSync(file, JSON.stringify(config));

    // Act
    const withProducers = synth({ config: file });

    // Assess: without producers, one statement; the deny names closeloop's source and the service stack's roles
    const open = policyOf(dev.data);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      Sid: 'cdk-OnlyCloseloopSpeaksAsCloseloop',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'events:PutEvents',
      Condition: { StringEquals: { 'events:source': 'closeloop' } },
    });
    expect(JSON.stringify(open[0])).toContain(':role/Closeloop-dev-Service-*');
    const closed = policyOf(withProducers.data);
    expect(closed).toHaveLength(2);
    const onlyProducers = closed.find((statement) => statement.Sid === 'cdk-OnlyTheBusinessProducers');
    expect(onlyProducers).toMatchObject({ Effect: 'Deny', Principal: { AWS: '*' }, Action: 'events:PutEvents' });
    expect(JSON.stringify(onlyProducers)).toContain('arn:aws:iam::123456789012:role/acme-webshop-*');
  });

  it('rotates the link-signing key less often than the longest link lives, with a function that may only do that', () => {
    // survey links 30 days (config/closeloop.json), case links 60: every 61 days
    dev.data.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      RotationRules: { ScheduleExpression: 'rate(61 days)' },
      RotationLambdaARN: Match.anyValue(),
    });
    const rotation = Object.entries(dev.data.findResources('AWS::IAM::Policy')).filter(([id]) =>
      id.startsWith('RotateSigningKey'),
    );
    expect(rotation).toHaveLength(1);
    const actions = JSON.stringify(rotation[0]?.[1]);
    for (const action of ['secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'])
      expect(actions).toContain(action);
    expect(actions).not.toContain('dynamodb:');
  });

  it('refuses at synth a source secret given as a value: the function would carry it', () => {
    expect(() =>
      buildApp(new App({ outdir: outdir(), context: { ...noBundling, config: 'config/local.json' } })),
    ).toThrow(/sources\.zendesk\.signingSecret is a value/);
  });

  it('stops synth on bad configuration, naming the field', () => {
    const bad = join(outdir(), 'bad.json');
    writeFileSync(bad, JSON.stringify({ stores: { '*': { brandName: 'X', sender: { email: 'not-an-email' } } } }));
    expect(() => buildApp(new App({ outdir: outdir(), context: { ...noBundling, config: bad } }))).toThrow(
      /stores\.\*\.sender\.email/,
    );
    expect(() => buildApp(new App({ outdir: outdir(), context: { ...noBundling, stage: 'qa' } }))).toThrow(
      /dev|staging|prod/,
    );
  });

  it('synthesizes environment-agnostic stacks (no account or region lookups)', () => {
    for (const stack of dev.assembly.stacks)
      expect(stack.environment).toMatchObject({ account: 'unknown-account', region: 'unknown-region' });
  });
});
