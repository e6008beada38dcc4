import type { StoreConfig } from '../config/schema.ts';
import { signCaseToken } from '../domain/case-token.ts';
import { CASE_LINK_DAYS, type FollowUpCase } from '../domain/follow-up.ts';
import type { SendingDeps } from '../ports/sending.ts';
import { mailbox } from '../rendering/address.ts';
import type { StaffCaseView } from '../rendering/staff-email.ts';
import type { RenderedEmail } from '../rendering/survey-email.ts';

/*
 * A case as staff meet it, whoever sends: the loop's alert, the escalation, the digest, the case page. Apart from
 * `close-loop.ts` so that those functions carry none of the loop's event contracts (built at every cold start).
 */

/**
 * One email per staff recipient about a case, each with case links signed for them (an acknowledgement through
 * it names them as the owner); a reply reaches the customer's own address, so staff can answer from their inbox.
 */
export async function emailStaff(
  deps: Pick<SendingDeps, 'keys' | 'clock' | 'rateLimiter' | 'mailer' | 'publicBaseUrl'>,
  store: StoreConfig,
  followUp: FollowUpCase,
  recipients: readonly string[],
  render: (view: StaffCaseView) => RenderedEmail,
  kind: string,
): Promise<void> {
  for (const recipient of recipients) {
    const link = await caseLink(deps, followUp.id, recipient);
    await deps.rateLimiter.acquire();
    await deps.mailer.send({
      to: recipient,
      from: mailbox(store.sender.email, store.sender.name ?? store.brandName),
      replyTo: [followUp.customer.email],
      ...render({ followUp, brandName: store.brandName, caseUrl: (action) => `${link}?action=${action}` }),
      tags: { caseId: followUp.id, storeId: followUp.storeId, kind },
    });
  }
}

/** The case page's URL, signed for one staff member (or `chat`), valid for CASE_LINK_DAYS. */
export async function caseLink(
  deps: Pick<SendingDeps, 'keys' | 'clock' | 'publicBaseUrl'>,
  caseId: string,
  staff: string,
): Promise<string> {
  const expiresAt = new Date(deps.clock.now().getTime() + CASE_LINK_DAYS * 86_400_000);
  return `${deps.publicBaseUrl}/c/${signCaseToken({ caseId, staff, expiresAt }, await deps.keys.current())}`;
}

/** The fields every "Follow-up …" event names its case by. */
export function caseRefOf(followUp: FollowUpCase) {
  return {
    caseId: followUp.id,
    surveyId: followUp.surveyId,
    program: followUp.program,
    storeId: followUp.storeId,
    customerId: followUp.customer.id,
    trigger: followUp.trigger,
    dueAt: followUp.dueAt,
  };
}
