import type * as z from 'zod/mini';
import { parseConfig } from '#shared/config/load.ts';
import type { EventContract } from '#shared/contracts/contract.ts';
import type { Survey } from '#shared/domain/survey.ts';
import type { SigningKey } from '#shared/domain/survey-token.ts';
import type { Clock } from '#shared/ports/clock.ts';
import type { DeadLetter, DeadLetters } from '#shared/ports/dead-letters.ts';
import type { EventPublisher } from '#shared/ports/event-publisher.ts';
import type { Mailer, OutgoingEmail } from '#shared/ports/mailer.ts';
import type { SigningKeys } from '#shared/ports/signing-keys.ts';
import type { SurveyRepository } from '#shared/ports/survey-repository.ts';

/**
 * In-memory survey reads, for the answer use cases (which only read surveys). The scheduling and sending use
 * cases are tested on DynamoDB Local: their conditions and transactions are the point.
 */
export class InMemorySurveys implements Pick<SurveyRepository, 'get'> {
  readonly items = new Map<string, Survey>();

  async createIfAbsent(survey: Survey) {
    if (this.items.has(survey.id)) return 'exists' as const;
    this.items.set(survey.id, structuredClone(survey));
    return 'created' as const;
  }

  async get(id: string) {
    const survey = this.items.get(id);
    return survey && structuredClone(survey);
  }
}

export class RecordingMailer implements Mailer {
  readonly sent: OutgoingEmail[] = [];
  failNext = 0;

  async send(email: OutgoingEmail) {
    if (this.failNext > 0) {
      this.failNext--;
      throw Object.assign(new Error('Throttling: Maximum sending rate exceeded.'), {
        name: 'TooManyRequestsException',
      });
    }
    this.sent.push(email);
    return { messageId: `msg-${this.sent.length}` };
  }
}

export class RecordingPublisher implements EventPublisher {
  readonly published: { detailType: string; detail: unknown }[] = [];

  async publish<S extends z.ZodMiniType>(contract: EventContract<S>, detail: z.input<S>) {
    this.published.push({ detailType: contract.detailType, detail: contract.detail.parse(detail) });
  }
}

export class RecordingDeadLetters implements DeadLetters {
  readonly letters: DeadLetter[] = [];
  async put(letter: DeadLetter) {
    this.letters.push(letter);
  }
}

export class FixedKeys implements SigningKeys {
  readonly key: SigningKey = { kid: 'test1', secret: Buffer.from('s'.repeat(64)) };
  async current() {
    return this.key;
  }
  async all() {
    return [this.key];
  }
}

export class ManualClock implements Clock {
  private at: number;
  constructor(iso: string) {
    this.at = Date.parse(iso);
  }
  now() {
    return new Date(this.at);
  }
  advance(ms: number) {
    this.at += ms;
  }
}

export const testConfig = parseConfig(
  {
    stores: {
      'store-berlin': {
        brandName: 'Acme Coffee Berlin',
        sender: { email: 'feedback@acme.example', name: 'Acme Coffee' },
        replyTo: 'support@acme.example',
        defaultLocale: 'de',
      },
    },
  },
  'test',
);
