import { createHash } from 'node:crypto';
import type { SendRequest } from '../../shared/contracts/send-request.ts';
import type { SigningKey } from '../../shared/domain/survey-token.ts';
import type { EventPublisher } from '../../shared/ports/event-publisher.ts';
import type { Mailer, OutgoingEmail } from '../../shared/ports/mailer.ts';
import type { SendQueue } from '../../shared/ports/send-queue.ts';
import type { SigningKeys } from '../../shared/ports/signing-keys.ts';
import type { VirtualTime } from './virtual-time.ts';

/** What one email was, for the after-the-fact checks: who, which store and program, when. */
export interface SentEmail {
  to: string;
  surveyId: string;
  storeId: string;
  program: string;
  atMs: number;
}

/**
 * SES at an account's maximum send rate: it refuses an email over the rate in any second, as SES does
 * ("Maximum sending rate exceeded"). Counts what it took per second: the replay's proof the limiter held.
 */
export class SesModel implements Mailer {
  readonly sent: SentEmail[] = [];
  /** Attempts SES refused over the rate (the SDK retried them), and emails refused after every retry. */
  throttled = 0;
  refused = 0;
  peakPerSecond = 0;
  private second = -1;
  private inSecond = 0;
  private readonly time: VirtualTime;
  private readonly maxPerSecond: number;
  /** The retries' jitter, seeded: the same replay every run. */
  private readonly random: () => number;
  onSent: (email: SentEmail) => void = () => undefined;

  constructor(time: VirtualTime, maxPerSecond: number, random: () => number) {
    this.time = time;
    this.maxPerSecond = maxPerSecond;
    this.random = random;
  }

  /**
   * As closeloop's SES client sends (the SDK's standard retry mode, five attempts): a throttled attempt waits a jittered
   * backoff and tries again; only the fifth refusal reaches the sender.
   */
  async send(email: OutgoingEmail) {
    for (let attempt = 1; ; attempt++) {
      try {
        return this.attempt(email);
      } catch (error) {
        if (attempt === 5) {
          this.refused++;
          throw error;
        }
        await this.time.sleep(this.random() * Math.min(20_000, 100 * 2 ** attempt));
      }
    }
  }

  private attempt(email: OutgoingEmail) {
    const second = Math.floor(this.time.ms / 1000);
    if (second !== this.second) {
      this.second = second;
      this.inSecond = 0;
    }
    if (this.inSecond >= this.maxPerSecond) {
      this.throttled++;
      throw Object.assign(new Error('Throttling: Maximum sending rate exceeded.'), {
        name: 'TooManyRequestsException',
      });
    }
    this.inSecond++;
    this.peakPerSecond = Math.max(this.peakPerSecond, this.inSecond);
    const record: SentEmail = {
      to: email.to,
      surveyId: email.tags?.surveyId ?? '',
      storeId: email.tags?.storeId ?? '',
      program: email.tags?.program ?? '',
      atMs: this.time.ms,
    };
    this.sent.push(record);
    this.onSent(record);
    return { messageId: `ses-${this.sent.length}` };
  }
}

interface Message {
  id: string;
  request: SendRequest;
  visibleAtMs: number;
}

/**
 * The send queue: messages in the order they came, each visible again after its visibility timeout when its
 * receiver fails (as SQS redelivers); the replay samples its depth.
 */
export class QueueModel implements SendQueue {
  private readonly messages: Message[] = [];
  private head = 0;
  private retries: Message[] = [];
  private sequence = 0;
  private readonly time: VirtualTime;
  received = 0;

  constructor(time: VirtualTime) {
    this.time = time;
  }

  async enqueue(requests: readonly SendRequest[]) {
    for (const request of requests)
      this.messages.push({ id: `m-${this.sequence++}`, request, visibleAtMs: this.time.ms });
  }

  receive(): Message | undefined {
    const due = this.retries.findIndex((m) => m.visibleAtMs <= this.time.ms);
    if (due >= 0) return this.retries.splice(due, 1)[0];
    const message = this.messages[this.head];
    if (!message) return undefined;
    this.head++;
    this.received++;
    if (this.head > 100_000) {
      this.messages.splice(0, this.head);
      this.head = 0;
    }
    return message;
  }

  /** A failed receive: the message comes back after the visibility timeout. */
  returnLater(message: Message, visibilitySeconds: number) {
    this.retries.push({ ...message, visibleAtMs: this.time.ms + visibilitySeconds * 1000 });
  }

  get depth(): number {
    return this.messages.length - this.head + this.retries.length;
  }
}

/** The bus, counted by detail type: what closeloop announced (the replay does not run the close loop). */
export class CountingBus implements EventPublisher {
  readonly counts = new Map<string, number>();
  /** `Survey Skipped` by its reason (fatigue, daily-cap, …). */
  readonly skips = new Map<string, number>();
  async publish(contract: { detailType: string }, detail: unknown) {
    this.counts.set(contract.detailType, (this.counts.get(contract.detailType) ?? 0) + 1);
    const reason = (detail as { reason?: unknown }).reason;
    if (contract.detailType === 'Survey Skipped' && typeof reason === 'string')
      this.skips.set(reason, (this.skips.get(reason) ?? 0) + 1);
  }
}

export class ModelKeys implements SigningKeys {
  readonly key: SigningKey = { kid: 'model', secret: createHash('sha256').update('closeloop load model').digest() };
  async current() {
    return this.key;
  }
  async all() {
    return [this.key];
  }
}
