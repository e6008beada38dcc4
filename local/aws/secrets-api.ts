import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { type ApiService, AwsApiError } from './errors.ts';
import { ACCOUNT } from './sqs-api.ts';

interface SecretVersion {
  id: string;
  value: string;
  stages: string[];
  createdAt: number;
}
type SecretsFile = Record<string, SecretVersion[]>;

/**
 * A local Secrets Manager (GetSecretValue, PutSecretValue with stage rotation), kept in a JSON file in the data
 * folder so links signed before a restart still verify after it.
 */
export function secretsApi(
  file: string,
  region: string,
): { api: ApiService; ensure(name: string, create: () => string): void } {
  const load = (): SecretsFile => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SecretsFile) : {});
  const save = (secrets: SecretsFile) => writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  const arnOf = (name: string) => `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:${name}`;
  const nameOf = (input: Record<string, unknown>) => {
    const id = String(input.SecretId ?? '');
    return id.startsWith('arn:') ? id.slice(id.indexOf(':secret:') + 8) : id;
  };
  const notFound = (what: string) =>
    new AwsApiError('ResourceNotFoundException', `Secrets Manager can't find ${what}.`);

  return {
    ensure(name: string, create: () => string) {
      const secrets = load();
      if (secrets[name]?.length) return;
      secrets[name] = [{ id: randomUUID(), value: create(), stages: ['AWSCURRENT'], createdAt: Date.now() }];
      save(secrets);
    },
    api: {
      GetSecretValue: (input) => {
        const name = nameOf(input);
        const versions = load()[name];
        if (!versions) throw notFound('the specified secret');
        const version =
          typeof input.VersionId === 'string'
            ? versions.find((v) => v.id === input.VersionId)
            : versions.find((v) =>
                v.stages.includes(typeof input.VersionStage === 'string' ? input.VersionStage : 'AWSCURRENT'),
              );
        if (!version) throw notFound('the specified secret value for staging label or version');
        return {
          ARN: arnOf(name),
          Name: name,
          VersionId: version.id,
          SecretString: version.value,
          VersionStages: version.stages,
          CreatedDate: version.createdAt / 1000,
        };
      },
      PutSecretValue: (input) => {
        const name = nameOf(input);
        const secrets = load();
        const versions = secrets[name];
        if (!versions) throw notFound('the specified secret');
        if (typeof input.SecretString !== 'string')
          throw new AwsApiError('InvalidParameterException', 'SecretString is required');
        const id = typeof input.ClientRequestToken === 'string' ? input.ClientRequestToken : randomUUID();
        for (const version of versions) {
          version.stages = version.stages.filter((stage) => stage !== 'AWSPREVIOUS');
          if (version.stages.includes('AWSCURRENT'))
            version.stages = [...version.stages.filter((s) => s !== 'AWSCURRENT'), 'AWSPREVIOUS'];
        }
        versions.push({ id, value: input.SecretString, stages: ['AWSCURRENT'], createdAt: Date.now() });
        save(secrets);
        return { ARN: arnOf(name), Name: name, VersionId: id, VersionStages: ['AWSCURRENT'] };
      },
    },
  };
}

export const newSigningKeySecret = (kid: string) =>
  JSON.stringify({ kid, secret: randomBytes(48).toString('base64url') });
