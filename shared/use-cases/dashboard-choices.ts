import type { CloseloopConfig } from '../config/schema.ts';
import { configuredSources } from './source-status.ts';

/** What the dashboard offers to choose from: every program with its metric, the named stores, whether sources are connected. */
export function dashboardChoices(config: CloseloopConfig) {
  return {
    programs: Object.entries(config.programs).map(([id, program]) => ({
      id,
      metric: program.survey === 'nps' ? ('nps' as const) : ('csat' as const),
    })),
    stores: Object.keys(config.stores).filter((id) => id !== '*'),
    sources: configuredSources(config).length > 0,
    rootCauses: config.rootCauses,
  };
}
