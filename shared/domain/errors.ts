/**
 * Domain errors. Each says whether retrying could ever fix it: a permanent error goes straight to the
 * dead-letter queue with its reason; anything else is retried by the queue.
 */
export abstract class DomainError extends Error {
  abstract readonly permanent: boolean;
}

/** A refusal that says why, one issue at a time (a field, or what the caller may do instead). */
export abstract class RefusalWithIssues extends DomainError {
  readonly permanent = true;
  readonly issues: readonly string[];

  constructor(message: string, issues: readonly string[] = []) {
    super(issues.length > 0 ? `${message}: ${issues.join('; ')}` : message);
    this.issues = issues;
  }
}

/** An event or request that does not satisfy its contract. Nothing is written for it. */
export class InvalidInput extends RefusalWithIssues {}

/** A survey token that is malformed or whose signature does not match: forged, truncated or tampered with. */
export class InvalidSurveyToken extends DomainError {
  readonly permanent = true;
}

/** A well-formed token signed with a key this deployment does not have (another deployment's, or long retired). */
export class UnknownSigningKey extends DomainError {
  readonly permanent = true;
}

/** A genuine token past its expiry. */
export class SurveyTokenExpired extends DomainError {
  readonly permanent = true;
}

/** Another delivery of the same event holds the send; retrying later finds the survey sent (or the lease lapsed). */
export class SurveySendInProgress extends DomainError {
  readonly permanent = false;
}

/** The store named by an event is not configured. */
export class UnknownStore extends DomainError {
  readonly permanent = true;
}

/** A token that verifies but names no survey this deployment holds (erased, or from a restored backup). */
export class SurveyNotFound extends DomainError {
  readonly permanent = true;
}

/** The survey no longer takes answers: its link expired, or the change window of its answer has passed. */
export class SurveyClosed extends DomainError {
  readonly permanent = true;
}

/** Someone else changed the answer between our read and our write; reading again and retrying resolves it. */
export class AnswerConflict extends DomainError {
  readonly permanent = false;
}

/** A survey names a program the configuration no longer has (renamed or removed since it was scheduled). */
export class UnknownProgram extends DomainError {
  readonly permanent = true;
}

/** SES refused the email for a reason retrying cannot fix (rejected content, unverified sender, bad address). */
export class EmailRejected extends DomainError {
  readonly permanent = true;
}

/** A follow-up case that does not exist (never opened, or erased). */
export class CaseNotFound extends DomainError {
  readonly permanent = true;
}

/** A case action that contradicts its state: acknowledging a resolved case, resolving it twice differently. */
export class CaseConflict extends DomainError {
  readonly permanent = true;
}

/** A case link that is malformed, altered, or signed by a key this deployment does not have. */
export class InvalidCaseLink extends DomainError {
  readonly permanent = true;
}

/** A genuine case link past its expiry. */
export class CaseLinkExpired extends DomainError {
  readonly permanent = true;
}

/**
 * A webhook delivery that cannot be proven to come from its source: no or a wrong signature, a timestamp outside
 * the tolerance, or a delivery already received (a replay). Nothing is stored for it but the refusal.
 */
export class WebhookRejected extends DomainError {
  readonly permanent = true;
}

/** A webhook to a source the configuration does not name. */
export class UnknownSource extends DomainError {
  readonly permanent = true;
}

/** A member of staff asking for a store (or the whole business) beyond their access. Nothing is read or changed. */
export class Forbidden extends RefusalWithIssues {}

/**
 * Each error's name, as dead letters (`errorName`), logs and the staff API's error codes read it: set here, not read
 * from the class, because the bundles do not keep names (minified code renames every class, and keeping the names
 * costs each cold start a rename of every function it creates: 2–5 ms, `npm run bench`). A class missing here is
 * named `Error`; `test/unit/errors.test.ts` fails then.
 */
const NAMES = {
  InvalidInput,
  InvalidSurveyToken,
  UnknownSigningKey,
  SurveyTokenExpired,
  SurveySendInProgress,
  UnknownStore,
  SurveyNotFound,
  SurveyClosed,
  AnswerConflict,
  UnknownProgram,
  EmailRejected,
  CaseNotFound,
  CaseConflict,
  InvalidCaseLink,
  CaseLinkExpired,
  WebhookRejected,
  UnknownSource,
  Forbidden,
};
for (const [name, type] of Object.entries(NAMES))
  Object.defineProperty(type.prototype, 'name', { value: name, writable: true, configurable: true });
