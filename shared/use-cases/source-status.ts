import type { CloseloopConfig } from '../config/schema.ts';
import type { Clock } from '../ports/clock.ts';
import type { SourceLog, SourceStatus } from '../ports/sources.ts';

export type SourceKind = 'shopify' | 'zendesk' | 'standard-webhooks';

/** Every source the configuration connects, by id: `shopify`, `zendesk`, and each of `sources.webhooks`. */
export function configuredSources(config: CloseloopConfig): { sourceId: string; kind: SourceKind }[] {
  return [
    ...(config.sources.shopify ? [{ sourceId: 'shopify', kind: 'shopify' as const }] : []),
    ...(config.sources.zendesk ? [{ sourceId: 'zendesk', kind: 'zendesk' as const }] : []),
    ...Object.keys(config.sources.webhooks).map((sourceId) => ({ sourceId, kind: 'standard-webhooks' as const })),
  ];
}

/** What staff see of each connected source. */
export async function sourceStatuses(deps: {
  config: CloseloopConfig;
  log: SourceLog;
  clock: Clock;
}): Promise<({ sourceId: string; kind: SourceKind } & SourceStatus)[]> {
  const now = deps.clock.now();
  return Promise.all(
    configuredSources(deps.config).map(async (source) => ({
      ...source,
      ...(await deps.log.status(source.sourceId, now)),
    })),
  );
}
