import { UnknownProgram } from '../domain/errors.ts';
import type { Metric, TriggerType } from '../domain/survey.ts';
import { DAY_MS, TRIGGERS, type TriggerEvent } from './constants.ts';
import type { CloseloopConfig } from './schema.ts';

/** One program as it applies to one store: every setting filled in, durations in milliseconds. */
export interface Program {
  id: string;
  trigger: TriggerEvent;
  triggerType: TriggerType;
  metric: Extract<Metric, 'nps' | 'csat'>;
  /** Whether the answer page asks CES after the CSAT answer. */
  asksCes: boolean;
  delayMs: number;
  throttleMs: number;
  samplingPercent: number;
  dailyCap: number | null;
  reminderMs: number | false;
}

const DEFAULT_REMINDER_MS = 3 * DAY_MS;

/** The program `id` as it applies to `storeId`: the store's overrides over the program over the defaults. */
export function programFor(config: CloseloopConfig, id: string, storeId: string): Program & { enabled: boolean } {
  const program = config.programs[id];
  if (program === undefined) throw new UnknownProgram(`Program ${id} is not configured.`);
  const store = config.stores[storeId] ?? config.stores['*'];
  const settings = { ...program, ...store?.programs[id] };
  const trigger = TRIGGERS[program.trigger];
  return {
    id,
    enabled: settings.enabled ?? true,
    trigger: program.trigger,
    triggerType: trigger.type,
    metric: program.survey === 'nps' ? 'nps' : 'csat',
    asksCes: program.survey === 'csat+ces',
    delayMs: settings.delay ?? trigger.defaultDelayMs,
    throttleMs: settings.throttle ?? trigger.defaultThrottleMs,
    samplingPercent: settings.samplingPercent ?? 100,
    dailyCap: settings.dailyCap ?? null,
    reminderMs: settings.reminder ?? DEFAULT_REMINDER_MS,
  };
}

/** The programs an event of this trigger starts for this store: every enabled one, in configuration order. */
export function programsTriggeredBy(config: CloseloopConfig, trigger: TriggerEvent, storeId: string): Program[] {
  return Object.keys(config.programs)
    .map((id) => programFor(config, id, storeId))
    .filter((program) => program.trigger === trigger && program.enabled);
}
