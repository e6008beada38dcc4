import { randomBytes } from 'node:crypto';
import * as z from 'zod/mini';
import '../contracts/zod-mini.ts';
import { InvalidInput } from '../domain/errors.ts';
import type { RotatingSecret } from '../ports/rotating-secret.ts';

/** The link-signing secret's JSON, as the functions read it. */
const signingKey = z.object({
  kid: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,32}$/)),
  secret: z.string().check(z.minLength(32)),
});

/** `k7` → `k8`; a kid of another shape gets a numbered successor of its own. */
export function nextKid(kid: string): string {
  const numbered = /^(.*?)(\d+)$/.exec(kid);
  return numbered ? `${numbered[1]}${Number(numbered[2]) + 1}` : `${kid.slice(0, 29)}-2`;
}

export type RotationStep = 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';

/**
 * One step of Secrets Manager's rotation of the link-signing key (`token` is the new version's id):
 * - createSecret: a new key with the next kid, stored as AWSPENDING (once, however often the step is retried);
 * - setSecret: nothing to tell (no other system holds the key);
 * - testSecret: the pending key reads as a key, with a kid of its own;
 * - finishSecret: it becomes AWSCURRENT; the key it replaces becomes AWSPREVIOUS, so every link signed with it
 *   keeps verifying. The rotation interval is longer than any link's lifetime, so the key a second rotation
 *   retires signs no link that still works.
 */
export async function rotateSigningKey(secrets: RotatingSecret, step: RotationStep, secretId: string, token: string) {
  const stages = await secrets.stages(secretId);
  const currentId = Object.entries(stages).find(([, labels]) => labels.includes('AWSCURRENT'))?.[0];
  if (currentId === undefined) throw new InvalidInput(`Secret ${secretId} has no AWSCURRENT version`);
  if (currentId === token) return 'already-current';
  const pending = stages[token];
  if (step !== 'createSecret' && !pending?.includes('AWSPENDING'))
    throw new InvalidInput(`Version ${token} of ${secretId} is not AWSPENDING`);
  const current = signingKey.parse(JSON.parse(await secrets.value(secretId, { stage: 'AWSCURRENT' })));
  switch (step) {
    case 'createSecret': {
      if (pending?.includes('AWSPENDING')) return 'pending-exists';
      const key = { kid: nextKid(current.kid), secret: randomBytes(48).toString('base64url') };
      await secrets.putPending(secretId, token, JSON.stringify(key));
      return 'created';
    }
    case 'setSecret':
      return 'nothing-to-set';
    case 'testSecret': {
      const next = signingKey.parse(
        JSON.parse(await secrets.value(secretId, { versionId: token, stage: 'AWSPENDING' })),
      );
      if (next.kid === current.kid) throw new InvalidInput(`The pending key reuses kid ${current.kid}`);
      return 'tested';
    }
    case 'finishSecret':
      await secrets.promote(secretId, token, currentId);
      return 'promoted';
  }
}
