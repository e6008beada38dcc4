import { CustomerErased } from '../contracts/customer-erased.ts';
import type { Clock } from '../ports/clock.ts';
import type { CustomerData } from '../ports/customer-data.ts';
import type { EventPublisher } from '../ports/event-publisher.ts';

export interface EraseDeps {
  customers: CustomerData;
  events: EventPublisher;
  clock: Clock;
}

const PAGE = 25;

/**
 * Forgets a customer, at the business's request (the staff API or a `Customer Erasure Requested` event):
 * 1. each of the customer's surveys, a page at a time, erased in one transaction each (an erased survey leaves the
 *    customer index, so a crash halfway resumes where it stopped when the request is retried);
 * 2. the contact ledger;
 * 3. `Customer Erased` announced.
 * Suppressions stay (they hold only a hash of the address), and so do the aggregate counts. Erasing again finds
 * nothing more and erases nothing.
 */
export async function eraseCustomer(deps: EraseDeps, request: { customerId: string }) {
  const at = deps.clock.now().toISOString();
  let surveys = 0;
  const seen = new Set<string>();
  for (;;) {
    // The index is eventually consistent: a survey just erased may still be listed once more.
    const ids = (await deps.customers.surveyIds(request.customerId, PAGE + seen.size)).filter((id) => !seen.has(id));
    if (ids.length === 0) break;
    for (const id of ids) {
      seen.add(id);
      if (await deps.customers.eraseSurvey(id, at)) surveys += 1;
    }
  }
  await deps.customers.eraseLedger(request.customerId);
  await deps.events.publish(CustomerErased, {
    schemaVersion: 1,
    customerId: request.customerId,
    surveys,
    erasedAt: at,
  });
  return { customerId: request.customerId, surveys, erasedAt: at };
}
