import type { RotatingSecret } from '../ports/rotating-secret.ts';
import type { SecretsManagerApi } from './aws/services.ts';

export class SecretsManagerRotation implements RotatingSecret {
  private readonly secrets: SecretsManagerApi;

  constructor(secrets: SecretsManagerApi) {
    this.secrets = secrets;
  }

  async stages(secretId: string) {
    const { VersionIdsToStages = {} } = await this.secrets.describeSecret({ SecretId: secretId });
    return VersionIdsToStages;
  }

  async value(secretId: string, which: { versionId?: string; stage: string }) {
    const { SecretString } = await this.secrets.getSecretValue({
      SecretId: secretId,
      VersionId: which.versionId,
      VersionStage: which.stage,
    });
    if (SecretString === undefined) throw new Error(`Secret ${secretId} (${which.stage}) has no string value`);
    return SecretString;
  }

  async putPending(secretId: string, versionId: string, value: string) {
    await this.secrets.putSecretValue({
      SecretId: secretId,
      ClientRequestToken: versionId,
      SecretString: value,
      VersionStages: ['AWSPENDING'],
    });
  }

  async promote(secretId: string, toVersionId: string, fromVersionId: string) {
    await this.secrets.updateSecretVersionStage({
      SecretId: secretId,
      VersionStage: 'AWSCURRENT',
      MoveToVersionId: toVersionId,
      RemoveFromVersionId: fromVersionId,
    });
  }
}
