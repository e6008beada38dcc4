import { resolve } from 'node:path';
import { Annotations, App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import * as z from 'zod';
import { loadConfigFile } from '../shared/config/load.ts';
import { CASE_LINK_DAYS } from '../shared/domain/follow-up.ts';
import { DAY_ROW_SEND_CEILING, sizedWiring } from '../shared/topology/sizing.ts';
import { type Wiring, wiring } from '../shared/topology/wiring.ts';
import { ROOT } from './constructs/closeloop-function.ts';
import { ServiceStack } from './service-stack.ts';
import { stageSchema } from './stage.ts';
import { StatefulStack } from './stateful-stack.ts';

/**
 * The closeloop CDK app. Context (`-c key=value`): `stage` (dev | staging | prod, default dev), `config` (path of
 * the configuration file, default config/closeloop.json) and `publicBaseUrl` (answer pages on your own domain).
 * Synthesizes offline: no lookups, no credentials, environment-agnostic stacks.
 */
const STRONG_REFERENCES = '@aws-cdk/core:defaultCrossStackReferences';

/** `wiringOf` replaces the wiring, for tests that prove what any wiring gets. */
export function buildApp(app: App = new App(), wiringOf: Wiring = wiring) {
  // Cross-stack references stay strong: the data stack must not drop an export the service stack still uses.
  if (app.node.tryGetContext(STRONG_REFERENCES) === undefined) app.node.setContext(STRONG_REFERENCES, 'strong');
  const context = (key: string) => app.node.tryGetContext(key) as unknown;
  const stage = stageSchema.parse(context('stage') ?? 'dev');
  const configFile = resolve(ROOT, z.string().parse(context('config') ?? 'config/closeloop.json'));
  const publicBaseUrl = z
    .url({ protocol: /^https$/ })
    .optional()
    .parse(context('publicBaseUrl'));
  // Bad configuration stops synth here, with the field named.
  const config = loadConfigFile(configFile);

  const serviceStackName = `Closeloop-${stage}-Service`;
  const data = new StatefulStack(app, `Closeloop-${stage}-Data`, {
    stage,
    receivesMail: config.replies !== undefined,
    producers: config.bus.producers,
    serviceStackName,
    linkLifetimeDays: Math.max(config.survey.validForDays, CASE_LINK_DAYS),
    configFile,
    operations: config.operations,
    stores: Object.keys(config.stores).filter((id) => id !== '*'),
    description: 'closeloop: table, bus, keys, mail setup',
  });
  const service = new ServiceStack(app, serviceStackName, {
    stage,
    data,
    wiring: sizedWiring(wiringOf, config),
    config,
    configFile,
    publicBaseUrl,
    description: 'closeloop: functions, queues, rules and HTTP API',
  });
  service.addStackDependency(data);
  if (config.sending.maxPerSecond > DAY_ROW_SEND_CEILING)
    Annotations.of(service).addWarningV2(
      'closeloop:day-row-ceiling',
      `sending.maxPerSecond is ${config.sending.maxPerSecond}: above ${DAY_ROW_SEND_CEILING} emails a second a store's day counters, if one store sends them all, pass what one DynamoDB partition takes, and DynamoDB throttles them (sends slow down; nothing is lost). docs/scale.md: "What binds first".`,
    );
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  return { app, data, service };
}

if (import.meta.main) buildApp().app.synth();
