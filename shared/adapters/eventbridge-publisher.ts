import type * as z from 'zod/mini';
import type { EventContract } from '../contracts/contract.ts';
import { CLOSELOOP_SOURCE } from '../contracts/detail-types.ts';
import type { EventPublisher } from '../ports/event-publisher.ts';
import type { EventBridgeApi } from './aws/services.ts';

export class EventBridgePublisher implements EventPublisher {
  private readonly eventBridge: EventBridgeApi;
  private readonly eventBusName: string;

  constructor(eventBridge: EventBridgeApi, eventBusName: string) {
    this.eventBridge = eventBridge;
    this.eventBusName = eventBusName;
  }

  async publish<S extends z.ZodMiniType>(contract: EventContract<S>, detail: z.input<S>, resources: string[] = []) {
    // A producer bug must fail here, before a consumer sees a broken event.
    const valid = contract.detail.parse(detail);
    const result = await this.eventBridge.putEvents({
      Entries: [
        {
          EventBusName: this.eventBusName,
          Source: CLOSELOOP_SOURCE,
          DetailType: contract.detailType,
          Detail: JSON.stringify(valid),
          Resources: resources,
        },
      ],
    });
    const failed = result.Entries?.find((entry) => entry.ErrorCode);
    if ((result.FailedEntryCount ?? 0) > 0 || failed) {
      throw new Error(
        `EventBridge refused ${contract.detailType}: ${failed?.ErrorCode ?? 'unknown'} ${failed?.ErrorMessage ?? ''}`,
      );
    }
  }
}
