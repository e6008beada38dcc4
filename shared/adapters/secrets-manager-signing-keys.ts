import * as z from 'zod/mini';
import '../contracts/zod-mini.ts';
import type { SigningKey } from '../domain/survey-token.ts';
import type { Clock } from '../ports/clock.ts';
import type { SigningKeys } from '../ports/signing-keys.ts';
import type { SecretsManagerApi } from './aws/services.ts';

/** The one call this reader makes: closeloop's client in Lambda, or an operator's SDK client in a script. */
export type SecretReader = Pick<SecretsManagerApi, 'getSecretValue'>;

/** The secret's JSON: `{ "kid": "k1", "secret": "…" }`. Rotation writes a new version with a new kid. */
const secretValue = z.object({
  kid: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,32}$/)),
  secret: z.string().check(z.minLength(32)),
});

const CACHE_MS = 5 * 60 * 1000;

/**
 * Link-signing keys from Secrets Manager: new links are signed with AWSCURRENT; links signed before the last
 * rotation verify with AWSPREVIOUS. Cached for five minutes per container, so a rotation reaches every function
 * within that time while a warm function reads the secret once.
 */
export class SecretsManagerSigningKeys implements SigningKeys {
  private cached: { at: number; current: SigningKey; all: SigningKey[] } | undefined;

  private readonly secrets: SecretReader;

  private readonly secretId: string;

  private readonly clock: Clock;

  constructor(secrets: SecretReader, secretId: string, clock: Clock) {
    this.secrets = secrets;

    this.secretId = secretId;

    this.clock = clock;
  }

  async current(): Promise<SigningKey> {
    return (await this.load()).current;
  }

  async all(): Promise<readonly SigningKey[]> {
    return (await this.load()).all;
  }

  private async load() {
    const now = this.clock.now().getTime();
    if (this.cached && now - this.cached.at < CACHE_MS) return this.cached;
    const current = await this.version('AWSCURRENT');
    if (current === undefined) throw new Error(`Signing key secret ${this.secretId} has no AWSCURRENT version`);
    const previous = await this.version('AWSPREVIOUS');
    this.cached = { at: now, current, all: previous && previous.kid !== current.kid ? [current, previous] : [current] };
    return this.cached;
  }

  private async version(stage: 'AWSCURRENT' | 'AWSPREVIOUS'): Promise<SigningKey | undefined> {
    try {
      const { SecretString } = await this.secrets.getSecretValue({ SecretId: this.secretId, VersionStage: stage });
      if (SecretString === undefined) return undefined;
      const parsed = secretValue.parse(JSON.parse(SecretString));
      return { kid: parsed.kid, secret: Buffer.from(parsed.secret, 'utf8') };
    } catch (error) {
      if (stage === 'AWSPREVIOUS' && (error as Error).name === 'ResourceNotFoundException') return undefined;
      throw error;
    }
  }
}
