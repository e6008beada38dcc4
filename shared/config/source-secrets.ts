import type { CloseloopConfig, SourceSecret } from './schema.ts';

/** Every connected source that signs its deliveries, with its secret as configured. */
export function signedSources(config: CloseloopConfig): { sourceId: string; secret: SourceSecret }[] {
  return [
    ...(config.sources.zendesk ? [{ sourceId: 'zendesk', secret: config.sources.zendesk.signingSecret }] : []),
    ...Object.entries(config.sources.webhooks).map(([sourceId, webhook]) => ({ sourceId, secret: webhook.secret })),
  ];
}

/** The local Secrets Manager name a configured secret value is seeded under. */
export const localSecretName = (sourceId: string) => `closeloop-local/source/${sourceId}`;

/**
 * Source id → Secrets Manager secret name, as the webhook function reads its secrets. In AWS only names are
 * allowed (a value in the configuration would be bundled with the function); locally a value is seeded.
 */
export function sourceSecretIds(config: CloseloopConfig, where: 'aws' | 'local'): Record<string, string> {
  const ids: Record<string, string> = {};
  for (const { sourceId, secret } of signedSources(config)) {
    const path = sourceId === 'zendesk' ? 'sources.zendesk.signingSecret' : `sources.webhooks.${sourceId}.secret`;
    if ('secretName' in secret) ids[sourceId] = secret.secretName;
    else if (where === 'local') ids[sourceId] = localSecretName(sourceId);
    else
      throw new Error(
        `${path} is a value: in AWS give the name of a Secrets Manager secret ({"secretName": "…"}), never the secret`,
      );
  }
  return ids;
}
