import type { Clock } from '../ports/clock.ts';
import type { SourceSecrets } from '../ports/sources.ts';
import type { SecretsManagerApi } from './aws/services.ts';

const CACHE_MS = 5 * 60 * 1000;

/**
 * Sources' signing secrets from Secrets Manager (`secretIds`: source id → secret name), each cached five minutes
 * per container: a rotated secret reaches every function within that time.
 */
export class SecretsManagerSourceSecrets implements SourceSecrets {
  private readonly cache = new Map<string, { at: number; value: string }>();
  private readonly secrets: SecretsManagerApi;
  private readonly secretIds: Readonly<Record<string, string>>;
  private readonly clock: Clock;

  constructor(secrets: SecretsManagerApi, secretIds: Readonly<Record<string, string>>, clock: Clock) {
    this.secrets = secrets;
    this.secretIds = secretIds;
    this.clock = clock;
  }

  async secretOf(sourceId: string): Promise<string> {
    const now = this.clock.now().getTime();
    const cached = this.cache.get(sourceId);
    if (cached !== undefined && now - cached.at < CACHE_MS) return cached.value;
    const secretId = this.secretIds[sourceId];
    if (secretId === undefined) throw new Error(`No signing secret is bound for source ${sourceId}`);
    const { SecretString } = await this.secrets.getSecretValue({ SecretId: secretId });
    if (!SecretString) throw new Error(`The signing secret of source ${sourceId} is empty`);
    this.cache.set(sourceId, { at: now, value: SecretString });
    return SecretString;
  }
}
