import { CreateSecretCommand, DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { SecretsManagerRotation } from '#shared/adapters/secrets-manager-rotation.ts';
import { SecretsManagerSigningKeys } from '#shared/adapters/secrets-manager-signing-keys.ts';
import { UnknownSigningKey } from '#shared/domain/errors.ts';
import { signSurveyToken, verifySurveyToken } from '#shared/domain/survey-token.ts';
import { signUnsubscribeToken, verifyUnsubscribeToken } from '#shared/domain/unsubscribe-token.ts';
import { rotateSigningKey } from '#shared/use-cases/rotate-signing-key.ts';
import { closeloopSecrets, credentials, localClients, region, unique } from '../support/runtime.ts';

const { urls } = localClients();
const client = new SecretsManagerClient({ endpoint: urls.events, region, credentials });
const rotation = new SecretsManagerRotation(closeloopSecrets(urls.events));

/** Secrets Manager's four steps, as it runs them for one rotation (createSecret retried once, as it may be). */
async function rotate(secretId: string) {
  const token = crypto.randomUUID();
  for (const step of ['createSecret', 'createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const)
    await rotateSigningKey(rotation, step, secretId, token);
  return token;
}

/** Keys as a function reads them after a rotation reached it (a fresh container: no cache). */
const keysNow = (secretId: string) =>
  new SecretsManagerSigningKeys(closeloopSecrets(urls.events), secretId, { now: () => new Date() }).all();

describe('rotating the link-signing key', () => {
  it('signs new links with a new kid while links signed before keep verifying, until a second rotation', async () => {
    // Prepare: a secret of the test's own, shaped as the stack's, and links signed with its first key
    const secretId = unique('test-signing-key');
    await client.send(
      new CreateSecretCommand({ Name: secretId, SecretString: JSON.stringify({ kid: 'k1', secret: 's'.repeat(64) }) }),
    );
    const [k1] = await keysNow(secretId);
    const expiresAt = new Date(Date.now() + 30 * 86_400_000);
    const surveyLink = signSurveyToken({ surveyId: 'srv-1', expiresAt }, k1 ?? { kid: '', secret: Buffer.alloc(0) });
    const unsubscribeLink = signUnsubscribeToken(
      { surveyId: 'srv-1', email: 'ana@example.com' },
      k1 ?? { kid: '', secret: Buffer.alloc(0) },
    );

    // Act
    const token = await rotate(secretId);

    // Assess: the new version is current with the next kid; the old one is previous and still verifies
    const { VersionIdsToStages } = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
    expect(VersionIdsToStages?.[token]).toContain('AWSCURRENT');
    expect(Object.values(VersionIdsToStages ?? {}).filter((labels) => labels.includes('AWSPREVIOUS'))).toHaveLength(1);
    const afterOne = await keysNow(secretId);
    expect(afterOne.map((key) => key.kid)).toEqual(['k2', 'k1']);
    expect(afterOne[0]?.secret.equals(k1?.secret ?? Buffer.alloc(0))).toBe(false);
    expect(verifySurveyToken(surveyLink, afterOne, new Date()).surveyId).toBe('srv-1');
    expect(verifyUnsubscribeToken(unsubscribeLink, afterOne).surveyId).toBe('srv-1');
    // finishing again changes nothing
    expect(await rotateSigningKey(rotation, 'finishSecret', secretId, token)).toBe('already-current');

    // Act: the next rotation (after the longest link lifetime, in AWS) retires k1
    await rotate(secretId);
    const afterTwo = await keysNow(secretId);

    // Assess
    expect(afterTwo.map((key) => key.kid)).toEqual(['k3', 'k2']);
    expect(() => verifySurveyToken(surveyLink, afterTwo, new Date())).toThrow(UnknownSigningKey);
  });

  it('refuses to finish a version that was never made pending', async () => {
    const secretId = unique('test-signing-key');
    await client.send(
      new CreateSecretCommand({ Name: secretId, SecretString: JSON.stringify({ kid: 'k1', secret: 's'.repeat(64) }) }),
    );
    await expect(rotateSigningKey(rotation, 'finishSecret', secretId, crypto.randomUUID())).rejects.toThrow(
      /not AWSPENDING/,
    );
    expect((await keysNow(secretId)).map((key) => key.kid)).toEqual(['k1']);
  });
});
