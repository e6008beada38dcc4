import type { CloseloopConfig } from '../config/schema.ts';
import type { Clock } from './clock.ts';
import type { EventPublisher } from './event-publisher.ts';
import type { Mailer } from './mailer.ts';
import type { SendRateLimiter } from './send-rate.ts';
import type { SigningKeys } from './signing-keys.ts';

/** What every use case that emails signed links needs: surveys, the loop's emails, escalations. */
export interface SendingDeps {
  mailer: Mailer;
  rateLimiter: SendRateLimiter;
  events: EventPublisher;
  keys: SigningKeys;
  clock: Clock;
  config: CloseloopConfig;
  /** Where the answer and case pages live, without a trailing slash: the HTTP API's URL or the business's domain. */
  publicBaseUrl: string;
}
