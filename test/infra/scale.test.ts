import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { parseConfig } from '../../shared/config/load.ts';
import { deployableConfig } from '../support/deployable-config.ts';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

/** Synthesizes (without bundling) with `change` applied to the deployable configuration. */
function synthWith(change: Record<string, unknown>) {
  const dir = mkdtempSync(join(tmpdir(), 'closeloop-scale-'));
  const raw = { ...JSON.parse(readFileSync(deployableConfig(), 'utf8')), ...change };
  const configFile = join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify(raw));
  const built = buildApp(
    new App({ outdir: join(dir, 'out'), context: { config: configFile, 'aws:cdk:bundling-stacks': [] } }),
  );
  built.app.synth();
  return { stack: built.service, service: Template.fromStack(built.service), config: parseConfig(raw, configFile) };
}

/** The event source mapping of a consumer's queue: the one whose function is the consumer's. */
function mappingOf(service: Template, consumer: string) {
  const functions = Object.keys(service.findResources('AWS::Lambda::Function'));
  const sender = functions.find((id) => new RegExp(`^${consumer}Function[0-9A-F]{8}$`).test(id));
  const mappings = Object.values(service.findResources('AWS::Lambda::EventSourceMapping')) as Resources[string][];
  return mappings.find((m) => (m.Properties.FunctionName as { Ref: string }).Ref === sender)?.Properties as {
    ScalingConfig: { MaximumConcurrency: number };
    BatchSize: number;
  };
}

describe('sized by configuration: the senders from the SES quota', () => {
  it('a configuration that sends at 100/s gets senders that can reach 100/s at the measured time per send', () => {
    const { service, config } = synthWith({ sending: { maxPerSecond: 100 } });
    const senders = mappingOf(service, 'SendSurvey').ScalingConfig.MaximumConcurrency;
    // Each sender handles one email at a time (its batch in order), secondsPerSend each.
    expect(senders / config.sending.secondsPerSend).toBeGreaterThanOrEqual(100);
    expect(senders).toBe(19);
  });

  it("sizes the store events' schedulers from the expected peak", () => {
    const { service } = synthWith({ scale: { peakSurveysPerSecond: 1000 } });
    const mapping = mappingOf(service, 'ScheduleSurvey');
    expect(mapping.ScalingConfig.MaximumConcurrency).toBe(63);
    expect(mappingOf(synthWith({}).service, 'ScheduleSurvey').ScalingConfig.MaximumConcurrency).toBe(5);
  });

  it('sizes the consumers the send rate reaches: SES delivery reports and the loop', () => {
    const { service } = synthWith({ sending: { maxPerSecond: 100 } });
    // One delivery report per email at 50 ms each, and 0.3 answers per email at a send's 0.15 s, with a fourth more.
    expect(mappingOf(service, 'DeliveryFeedback').ScalingConfig.MaximumConcurrency).toBe(7);
    expect(mappingOf(service, 'CloseLoop').ScalingConfig.MaximumConcurrency).toBe(6);
    expect(mappingOf(service, 'EraseCustomer').ScalingConfig.MaximumConcurrency).toBe(2);
  });

  it('follows a slower measured send, and stays within Lambda bounds at either end', () => {
    const slow = synthWith({ sending: { maxPerSecond: 100, secondsPerSend: 0.4 } });
    expect(mappingOf(slow.service, 'SendSurvey').ScalingConfig.MaximumConcurrency / 0.4).toBeGreaterThanOrEqual(100);
    expect(
      mappingOf(synthWith({ sending: { maxPerSecond: 1 } }).service, 'SendSurvey').ScalingConfig.MaximumConcurrency,
    ).toBe(2);
    expect(
      mappingOf(synthWith({ sending: { maxPerSecond: 10_000 } }).service, 'SendSurvey').ScalingConfig
        .MaximumConcurrency,
    ).toBe(1000);
  });

  it('warns at synth when the SES quota would take a day row past one partition, and not below it', () => {
    const warnings = (maxPerSecond: number) =>
      Annotations.fromStack(synthWith({ sending: { maxPerSecond } }).stack)
        .findWarning('*', Match.stringLikeRegexp('day counters'))
        .map((w) => String(w.entry.data));
    expect(warnings(1000)[0]).toContain('above 416 emails a second');
    expect(warnings(400)).toEqual([]);
  });

  it('alarms when the send backlog would take longer than configured at the quota, and draws it', () => {
    const { service } = synthWith({ sending: { maxPerSecond: 100 }, scale: { backlogAlarmMinutes: 90 } });
    const alarms = Object.values(service.findResources('AWS::CloudWatch::Alarm')) as Resources[string][];
    const drain = alarms.find((a) => String(a.Properties.AlarmName).endsWith('-SendBacklogDrain'))?.Properties as {
      Threshold: number;
      Metrics: { Expression?: string; MetricStat?: { Metric: { MetricName: string } } }[];
    };
    expect(drain.Threshold).toBe(90);
    expect(drain.Metrics.find((m) => m.Expression)?.Expression).toBe('(waiting + inFlight) / 6000');
    expect(drain.Metrics.flatMap((m) => m.MetricStat?.Metric.MetricName ?? []).sort()).toEqual([
      'ApproximateNumberOfMessagesNotVisible',
      'ApproximateNumberOfMessagesVisible',
    ]);
    const dashboard = JSON.stringify(Object.values(service.findResources('AWS::CloudWatch::Dashboard'))[0]);
    expect(dashboard).toContain('Send backlog: minutes to send at the SES quota');
    expect(dashboard).toContain('minutes to send the backlog at 100/s');
  });
});
