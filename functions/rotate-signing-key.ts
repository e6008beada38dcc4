import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import * as z from 'zod/mini';
import '../shared/contracts/zod-mini.ts';
import { SecretsManagerRotation } from '#shared/adapters/secrets-manager-rotation.ts';
import { secretsManagerClient } from '#shared/platform/clients.ts';
import { logger } from '#shared/platform/observability.ts';
import { rotateSigningKey } from '#shared/use-cases/rotate-signing-key.ts';

/** What Secrets Manager invokes a rotation function with. */
const rotationEvent = z.object({
  Step: z.enum(['createSecret', 'setSecret', 'testSecret', 'finishSecret']),
  SecretId: z.string().check(z.minLength(1)),
  ClientRequestToken: z.string().check(z.minLength(1)),
});

const secrets = new SecretsManagerRotation(secretsManagerClient());

/** Secrets Manager's rotation of the link-signing key, one step per invocation; a failed step is retried by it. */
export const handler = middy<unknown, void>()
  .use(injectLambdaContext(logger))
  .handler(async (event) => {
    const { Step, SecretId, ClientRequestToken } = rotationEvent.parse(event);
    const outcome = await rotateSigningKey(secrets, Step, SecretId, ClientRequestToken);
    logger.info('Rotation step', { step: Step, outcome });
  });
