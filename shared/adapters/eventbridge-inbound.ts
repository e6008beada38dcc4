import type { InboundEvents } from '../ports/sources.ts';
import type { EventBridgeApi } from './aws/services.ts';

/** Inbound events put on closeloop's bus by a connector, under the connector's own source name. */
export class EventBridgeInbound implements InboundEvents {
  private readonly eventBridge: EventBridgeApi;
  private readonly eventBusName: string;

  constructor(eventBridge: EventBridgeApi, eventBusName: string) {
    this.eventBridge = eventBridge;
    this.eventBusName = eventBusName;
  }

  async put(source: string, detailType: string, detail: Record<string, unknown>): Promise<void> {
    const result = await this.eventBridge.putEvents({
      Entries: [
        { EventBusName: this.eventBusName, Source: source, DetailType: detailType, Detail: JSON.stringify(detail) },
      ],
    });
    const failed = result.Entries?.find((entry) => entry.ErrorCode);
    if ((result.FailedEntryCount ?? 0) > 0 || failed)
      throw new Error(
        `EventBridge refused ${detailType}: ${failed?.ErrorCode ?? 'unknown'} ${failed?.ErrorMessage ?? ''}`,
      );
  }
}
