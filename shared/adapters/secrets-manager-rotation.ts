import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { RotatingSecret } from '../ports/rotating-secret.ts';

export class SecretsManagerRotation implements RotatingSecret {
  private readonly secrets: SecretsManagerClient;

  constructor(secrets: SecretsManagerClient) {
    this.secrets = secrets;
  }

  async stages(secretId: string) {
    const { VersionIdsToStages = {} } = await this.secrets.send(new DescribeSecretCommand({ SecretId: secretId }));
    return VersionIdsToStages;
  }

  async value(secretId: string, which: { versionId?: string; stage: string }) {
    const { SecretString } = await this.secrets.send(
      new GetSecretValueCommand({ SecretId: secretId, VersionId: which.versionId, VersionStage: which.stage }),
    );
    if (SecretString === undefined) throw new Error(`Secret ${secretId} (${which.stage}) has no string value`);
    return SecretString;
  }

  async putPending(secretId: string, versionId: string, value: string) {
    await this.secrets.send(
      new PutSecretValueCommand({
        SecretId: secretId,
        ClientRequestToken: versionId,
        SecretString: value,
        VersionStages: ['AWSPENDING'],
      }),
    );
  }

  async promote(secretId: string, toVersionId: string, fromVersionId: string) {
    await this.secrets.send(
      new UpdateSecretVersionStageCommand({
        SecretId: secretId,
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: toVersionId,
        RemoveFromVersionId: fromVersionId,
      }),
    );
  }
}
