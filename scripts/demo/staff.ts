import { type Random, RESOLUTIONS, STORES } from './business.ts';
import type { LocalCloseloop } from './local-closeloop.ts';

/** What staff name as a case's root cause, some more often than others. */
const ROOT_CAUSES = ['delivery', 'delivery', 'product', 'price', 'service', 'website', 'billing', 'other'];

interface Case {
  id: string;
  storeId: string;
  customerId?: string;
  status: 'open' | 'acknowledged' | 'resolved';
  openedAt: string;
  owner?: string;
  escalatedAt?: string;
}

/** What the staff will do about a case, decided when they first see it. */
export interface CasePlan {
  acknowledgeOn?: number;
  resolveOn?: number;
}

/**
 * Each shop's staff member goes through the shop's open and acknowledged cases: most are acknowledged the day they
 * open and resolved one to four days later; some are missed (and escalate at their deadline), a few of those are
 * resolved late, and some stay acknowledged for a while.
 */
export async function staffAct(closeloop: LocalCloseloop, random: Random, day: number, plans: Map<string, CasePlan>) {
  const { cases } = await closeloop.staff<{ cases: Case[] }>('lena', '/api/cases?status=open,acknowledged&limit=100');
  const ordered = [...cases].sort((a, b) => a.openedAt.localeCompare(b.openedAt) || a.id.localeCompare(b.id));
  for (const found of ordered) {
    const staff = STORES.find((store) => store.id === found.storeId)?.staff ?? 'lena';
    let plan = plans.get(found.id);
    if (plan === undefined) {
      const missed = random.chance(0.15);
      const acknowledgeOn = missed ? undefined : day + (random.chance(0.8) ? 0 : 1);
      const resolveOn = missed
        ? random.chance(0.5)
          ? day + random.between(3, 6)
          : undefined
        : random.chance(0.85)
          ? (acknowledgeOn ?? day) + random.between(1, 4)
          : undefined;
      plan = {
        ...(acknowledgeOn === undefined ? {} : { acknowledgeOn }),
        ...(resolveOn === undefined ? {} : { resolveOn }),
      };
      // Whatever the draws, the first case is never taken (it escalates and stays open) and the second is taken
      // but never closed: the dashboard shows every state.
      if (plans.size === 0) plan = {};
      else if (plans.size === 1) plan = { acknowledgeOn: day };
      plans.set(found.id, plan);
    }
    const path = `/api/cases/${encodeURIComponent(found.id)}`;
    if (found.status === 'open' && plan.acknowledgeOn !== undefined && plan.acknowledgeOn <= day)
      await closeloop.staff(staff, `${path}/acknowledge`, {});
    if (plan.resolveOn !== undefined && plan.resolveOn <= day)
      await closeloop.staff(staff, `${path}/resolve`, {
        resolution: random.pick(RESOLUTIONS),
        rootCause: random.pick(ROOT_CAUSES),
      });
  }
}
