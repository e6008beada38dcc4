import type * as z from 'zod/mini';
import type { EventContract } from '../contracts/contract.ts';

export interface EventPublisher {
  /** Validates the detail against its contract, then puts it on the bus; throws if the bus refused it. */
  publish<S extends z.ZodMiniType>(contract: EventContract<S>, detail: z.input<S>, resources?: string[]): Promise<void>;
}
