import { DynamoDbSourceLog } from '../adapters/dynamodb/source-log.ts';
import { EventBridgeInbound } from '../adapters/eventbridge-inbound.ts';
import { readDeployedConfig } from '../config/deployed.ts';
import { systemClock } from '../ports/clock.ts';
import type { SourceDeps } from '../use-cases/receive-from-source.ts';
import { dynamoDocumentClient, eventBridgeClient } from './clients.ts';

/** What a connector needs: the configuration, the source log, the bus. */
export function sourceDeps(env: {
  TABLE_NAME: string;
  EVENT_BUS_NAME: string;
  CLOSELOOP_CONFIG_FILE: string;
}): SourceDeps {
  return {
    config: readDeployedConfig(env.CLOSELOOP_CONFIG_FILE),
    log: new DynamoDbSourceLog(dynamoDocumentClient(), env.TABLE_NAME),
    inbound: new EventBridgeInbound(eventBridgeClient(), env.EVENT_BUS_NAME),
    clock: systemClock,
  };
}
