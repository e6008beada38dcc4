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
 *
 * Long because it is a table of API operations (and the stage bookkeeping rotation needs), one entry each.
 */
export function secretsApi(
  file: string,
  region: string,
): { api: ApiService; ensure(name: string, create: () => string): void; seed(name: string, value: string): void } {
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
    /** Makes `value` the current version of `name` (a new version only when it differs). */
    seed(name: string, value: string) {
      const secrets = load();
      const versions = secrets[name] ?? [];
      if (versions.find((v) => v.stages.includes('AWSCURRENT'))?.value === value) return;
      for (const version of versions) version.stages = version.stages.filter((stage) => stage !== 'AWSCURRENT');
      secrets[name] = [...versions, { id: randomUUID(), value, stages: ['AWSCURRENT'], createdAt: Date.now() }];
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
        const existing = versions.find((version) => version.id === id);
        if (existing) {
          // Secrets Manager: the same token with the same value is a no-op; with another value, an error.
          if (existing.value !== input.SecretString)
            throw new AwsApiError('ResourceExistsException', `A version with token ${id} already exists.`);
          return { ARN: arnOf(name), Name: name, VersionId: id, VersionStages: existing.stages };
        }
        const stages = Array.isArray(input.VersionStages) ? (input.VersionStages as string[]) : ['AWSCURRENT'];
        versions.push({ id, value: input.SecretString, stages: [], createdAt: Date.now() });
        for (const stage of stages) moveStage(versions, stage, id);
        save(secrets);
        return { ARN: arnOf(name), Name: name, VersionId: id, VersionStages: stages };
      },
      CreateSecret: (input) => {
        const name = String(input.Name ?? '');
        const secrets = load();
        if (secrets[name]) throw new AwsApiError('ResourceExistsException', `The secret ${name} already exists.`);
        if (typeof input.SecretString !== 'string')
          throw new AwsApiError('InvalidParameterException', 'SecretString is required');
        const id = typeof input.ClientRequestToken === 'string' ? input.ClientRequestToken : randomUUID();
        secrets[name] = [{ id, value: input.SecretString, stages: ['AWSCURRENT'], createdAt: Date.now() }];
        save(secrets);
        return { ARN: arnOf(name), Name: name, VersionId: id };
      },
      DescribeSecret: (input) => {
        const name = nameOf(input);
        const versions = load()[name];
        if (!versions) throw notFound('the specified secret');
        return {
          ARN: arnOf(name),
          Name: name,
          VersionIdsToStages: Object.fromEntries(
            versions.filter((v) => v.stages.length > 0).map((v) => [v.id, v.stages]),
          ),
        };
      },
      UpdateSecretVersionStage: (input) => {
        const name = nameOf(input);
        const secrets = load();
        const versions = secrets[name];
        if (!versions) throw notFound('the specified secret');
        const stage = String(input.VersionStage ?? '');
        const to = typeof input.MoveToVersionId === 'string' ? input.MoveToVersionId : undefined;
        const from = typeof input.RemoveFromVersionId === 'string' ? input.RemoveFromVersionId : undefined;
        const holder = versions.find((v) => v.stages.includes(stage));
        if (to !== undefined && holder && holder.id !== to && holder.id !== from)
          throw new AwsApiError(
            'InvalidParameterException',
            `The staging label ${stage} is attached to version ${holder.id}; name it in RemoveFromVersionId.`,
          );
        if (to === undefined) {
          const version = versions.find((v) => v.id === from);
          if (version) version.stages = version.stages.filter((s) => s !== stage);
        } else {
          if (!versions.some((v) => v.id === to)) throw notFound(`version ${to}`);
          moveStage(versions, stage, to);
        }
        save(secrets);
        return { ARN: arnOf(name), Name: name };
      },
    },
  };
}

/**
 * Attaches `stage` to version `to`, as Secrets Manager does: a label is on one version at a time, and moving
 * AWSCURRENT puts AWSPREVIOUS on the version that held it.
 */
function moveStage(versions: SecretVersion[], stage: string, to: string) {
  const target = versions.find((v) => v.id === to);
  if (target === undefined) return;
  const holder = versions.find((v) => v.stages.includes(stage));
  if (holder?.id === to) return;
  if (holder) holder.stages = holder.stages.filter((s) => s !== stage);
  if (stage === 'AWSCURRENT' && holder) {
    for (const v of versions) v.stages = v.stages.filter((s) => s !== 'AWSPREVIOUS');
    holder.stages.push('AWSPREVIOUS');
  }
  target.stages.push(stage);
}

export const newSigningKeySecret = (kid: string) =>
  JSON.stringify({ kid, secret: randomBytes(48).toString('base64url') });
