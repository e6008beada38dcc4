import type { CloseloopConfig } from '../config/schema.ts';
import type { StoreAccess } from '../domain/store-access.ts';
import { configuredSources } from './source-status.ts';

/**
 * What the dashboard offers to choose from: every program with its metric, the stores the caller may see (every
 * named one for full access), whether sources are connected (for those who may see them), the caller's access.
 */
export function dashboardChoices(config: CloseloopConfig, access: StoreAccess) {
  const named = Object.keys(config.stores).filter((id) => id !== '*');
  return {
    programs: Object.entries(config.programs).map(([id, program]) => ({
      id,
      metric: program.survey === 'nps' ? ('nps' as const) : ('csat' as const),
    })),
    // A member of some stores is offered exactly theirs (a store served by "*" included).
    stores: access.all ? named : [...access.stores],
    sources: access.all && configuredSources(config).length > 0,
    access: { allStores: access.all, stores: access.all ? [] : [...access.stores] },
    rootCauses: config.rootCauses,
  };
}
