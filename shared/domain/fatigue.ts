import type { SkipReason } from './survey.ts';

/**
 * What closeloop remembers of each customer's survey emails, for the fatigue rules: when the last one went out
 * (any program, reminders included) and when each program last surveyed them.
 */
export interface ContactLedger {
  lastAt?: string | undefined;
  programs: Record<string, string>;
}

export interface FatigueRules {
  program: string;
  /** The program's throttle; a reminder does not start a new throttle window, so it passes 0. */
  throttleMs: number;
  /** The cross-program minimum gap between two survey emails to one customer. */
  minimumGapMs: number;
}

/**
 * Whether an email at `at` breaks a fatigue rule, and which. The repository enforces the same rules atomically
 * with a conditional write; this names the rule when that write is refused.
 */
export function fatigueReason(ledger: ContactLedger, rules: FatigueRules, at: Date): SkipReason | undefined {
  const programAt = ledger.programs[rules.program];
  if (rules.throttleMs > 0 && programAt !== undefined && Date.parse(programAt) > at.getTime() - rules.throttleMs)
    return 'program-throttle';
  if (ledger.lastAt !== undefined && Date.parse(ledger.lastAt) > at.getTime() - rules.minimumGapMs) return 'fatigue';
  return undefined;
}
