import { storeFor } from '../config/deployed.ts';
import { FollowUpEscalated } from '../contracts/follow-up-escalated.ts';
import { renderEscalation } from '../rendering/staff-email.ts';
import { caseRefOf, emailStaff } from './case-staff.ts';
import type { CloseLoopDeps } from './close-loop.ts';

/** What escalating needs: what closing the loop sends staff mail with, and the run's lease. */
export type EscalateDeps = Pick<
  CloseLoopDeps,
  'cases' | 'mailer' | 'rateLimiter' | 'events' | 'keys' | 'clock' | 'config' | 'publicBaseUrl'
> & {
  /** How long one run holds an escalation before another may take it over (a crash brings it back then). */
  leaseSeconds: number;
};

/**
 * Escalates, once, every case still open (unacknowledged) at its deadline as of `asOf`.
 * 1. Find cases due by `asOf` in the due-time index.
 * 2. Take each one's escalation: its index entry moves to the end of a short lease, so a run that dies brings it
 *    back; an acknowledgement meanwhile takes it off for good.
 * 3. Email the store's escalation recipients (each their own signed link), unless a crashed run already did.
 * 4. Record the escalation, announce `Follow-up Escalated`, and only then take the case off the index.
 */
export async function escalateOverdueCases(deps: EscalateDeps, asOf: Date, maxPerRun = 500) {
  let escalated = 0;
  const entries = await deps.cases.overdue(asOf, maxPerRun);
  for (const entry of entries) {
    const now = deps.clock.now();
    const leaseUntil = new Date(now.getTime() + deps.leaseSeconds * 1000).toISOString();
    const followUp = await deps.cases.claimEscalation(entry, leaseUntil);
    if (followUp === undefined) continue; // acknowledged, resolved or taken by another run meanwhile
    const store = storeFor(deps.config, followUp.storeId);
    const recipients = store.staff.escalationRecipients;
    if (followUp.escalatedAt === undefined) {
      await emailStaff(deps, store, followUp, recipients, renderEscalation, 'escalation');
      await deps.cases.markEscalated(followUp, asOf.toISOString());
    }
    await deps.events.publish(FollowUpEscalated, {
      ...caseRefOf(followUp),
      escalatedAt: followUp.escalatedAt ?? asOf.toISOString(),
      notified: recipients.length,
    });
    await deps.cases.markAnnounced(followUp.id, 'escalated');
    escalated++;
  }
  return { escalated };
}
