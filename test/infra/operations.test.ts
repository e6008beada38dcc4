import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { type Wiring, wiring } from '../../shared/topology/wiring.ts';
import { deployableConfig } from '../support/deployable-config.ts';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

/** Synthesizes with a configuration that turns operations on; bundling is skipped: these tests read the shape. */
function synth(operations: Record<string, unknown>, wiringOf: Wiring = wiring) {
  const dir = mkdtempSync(join(tmpdir(), 'closeloop-ops-'));
  const config = JSON.parse(readFileSync(deployableConfig(), 'utf8'));
  const configFile = join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify({ ...config, operations }));
  const built = buildApp(
    new App({ outdir: join(dir, 'out'), context: { config: configFile, 'aws:cdk:bundling-stacks': [] } }),
    wiringOf,
  );
  built.app.synth();
  return { data: Template.fromStack(built.data), service: Template.fromStack(built.service) };
}

const resourcesOf = (template: Template, type: string): Resources =>
  template.findResources(type) as unknown as Resources;

/** The queue a CloudWatch alarm watches, by the logical id its QueueName dimension points at. */
function alarmedQueues(template: Template, metricName: string): string[] {
  return Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm'))
    .filter((alarm) => alarm.Properties.MetricName === metricName)
    .map((alarm) => {
      const dimensions = alarm.Properties.Dimensions as { Name: string; Value: { 'Fn::GetAtt': [string, string] } }[];
      return dimensions.find((d) => d.Name === 'QueueName')?.Value['Fn::GetAtt'][0] ?? '';
    });
}

function queuesOf(template: Template) {
  const queues = Object.entries(resourcesOf(template, 'AWS::SQS::Queue'));
  return {
    deadLetter: queues.filter(([, q]) => q.Properties.RedrivePolicy === undefined).map(([id]) => id),
    working: queues.filter(([, q]) => q.Properties.RedrivePolicy !== undefined).map(([id]) => id),
  };
}

describe('operations in the CDK app', () => {
  let stacks: ReturnType<typeof synth>;
  beforeAll(() => {
    stacks = synth({ alarmEmail: 'ops@acme.example', chatWebhookUrl: 'https://hooks.example.com/ops', tracing: true });
  });

  it('alarms on every dead-letter queue of both stacks when a message is visible', () => {
    for (const template of [stacks.data, stacks.service]) {
      const { deadLetter } = queuesOf(template);
      expect(deadLetter.length).toBeGreaterThan(0);
      expect(alarmedQueues(template, 'ApproximateNumberOfMessagesVisible').sort()).toEqual(deadLetter.sort());
    }
    stacks.service.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('alarms on the backlog of every working queue', () => {
    const { working } = queuesOf(stacks.service);
    expect(working.length).toBe(wiring.consumers.length);
    expect(alarmedQueues(stacks.service, 'ApproximateAgeOfOldestMessage').sort()).toEqual(working.sort());
  });

  it('alarms on every function’s errors and throttles, on stopped schedules and on the API’s 5xx', () => {
    const functions = (template: Template) =>
      Object.values(resourcesOf(template, 'AWS::Lambda::Function')).filter(
        (fn) =>
          (fn.Properties.Environment as { Variables?: Record<string, unknown> })?.Variables?.POWERTOOLS_SERVICE_NAME,
      ).length;
    for (const template of [stacks.data, stacks.service]) {
      const alarms = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm'));
      const of = (metric: string) => alarms.filter((a) => a.Properties.MetricName === metric).length;
      expect(of('Errors')).toBe(functions(template));
      expect(of('Throttles')).toBe(functions(template));
    }
    for (const id of wiring.schedules.map((s) => s.id))
      stacks.service.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: Match.stringLikeRegexp(`${id}NotRunning$`),
        MetricName: 'Invocations',
        ComparisonOperator: 'LessThanThreshold',
        TreatMissingData: 'breaching',
      });
    stacks.service.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: '5xx', Namespace: 'AWS/ApiGateway' });
  });

  it('warns before SES reviews the account: 5 % bounces, 0.1 % complaints', () => {
    stacks.data.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.BounceRate',
      Threshold: 0.05,
    });
    stacks.data.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.ComplaintRate',
      Threshold: 0.001,
    });
  });

  it('sends every alarm, and its recovery, to one encrypted topic that the configured people hear', () => {
    const [topicId] = Object.keys(resourcesOf(stacks.data, 'AWS::SNS::Topic'));
    expect(Object.keys(resourcesOf(stacks.data, 'AWS::SNS::Topic'))).toHaveLength(1);
    const dataAlarms = Object.values(resourcesOf(stacks.data, 'AWS::CloudWatch::Alarm'));
    for (const alarm of dataAlarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.OKActions).toEqual([{ Ref: topicId }]);
    }
    const serviceAlarms = Object.values(resourcesOf(stacks.service, 'AWS::CloudWatch::Alarm'));
    const imported = serviceAlarms.map((alarm) => JSON.stringify(alarm.Properties.AlarmActions));
    expect(new Set(imported).size).toBe(1);
    expect(imported[0]).toContain(`${topicId}`);
    stacks.data.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    stacks.data.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@acme.example' });
    stacks.data.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
        detail: { alarmName: [{ prefix: 'Closeloop-dev-' }] },
      },
    });
    stacks.data.hasResourceProperties('AWS::Events::ApiDestination', {
      InvocationEndpoint: 'https://hooks.example.com/ops',
    });
  });

  it('draws a dashboard of the business and of what needs action', () => {
    const [dashboard] = Object.values(resourcesOf(stacks.service, 'AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboard?.Properties.DashboardBody);
    for (const shown of [
      'SurveysSent',
      'SurveysSkipped',
      'AnswersRecorded',
      'answers per survey sent',
      'CasesOpened',
      'CasesEscalated',
      'Dead letters',
      'Function errors',
      'Reputation.BounceRate',
      'Reputation.ComplaintRate',
    ])
      expect(body, shown).toContain(shown);
  });

  it('traces every SDK call when tracing is on, and stays off by default', () => {
    stacks.service.hasResourceProperties('AWS::Lambda::Function', {
      TracingConfig: { Mode: 'Active' },
      Environment: { Variables: Match.objectLike({ POWERTOOLS_TRACE_ENABLED: 'true' }) },
    });
    const plain = synth({});
    for (const fn of Object.values(resourcesOf(plain.service, 'AWS::Lambda::Function')))
      expect(fn.Properties.TracingConfig).toBeUndefined();
    plain.service.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_TRACE_ENABLED: 'false' }) },
    });
    expect(Object.keys(resourcesOf(plain.data, 'AWS::SNS::Subscription'))).toHaveLength(0);
  });

  it('gives a consumer added to the wiring its alarms without anyone writing them', () => {
    // Prepare: one more queue consumer
    const extra = { ...wiring.consumers[0], id: 'ExtraConsumer' } as Wiring['consumers'][number];
    // Act
    const { service } = synth({}, { ...wiring, consumers: [...wiring.consumers, extra] });
    // Assess
    const { deadLetter, working } = queuesOf(service);
    const ours = (ids: string[]) => ids.filter((id) => id.startsWith('ExtraConsumer'));
    expect(ours(deadLetter)).toHaveLength(1);
    expect(ours(alarmedQueues(service, 'ApproximateNumberOfMessagesVisible'))).toEqual(ours(deadLetter));
    expect(ours(alarmedQueues(service, 'ApproximateAgeOfOldestMessage'))).toEqual(ours(working));
    service.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: Match.stringLikeRegexp('ExtraConsumerErrors$'),
    });
  });
});
