import { storeFor } from '../config/deployed.ts';
import type { StoreConfig } from '../config/schema.ts';
import { DetractorIdentified } from '../contracts/detractor-identified.ts';
import { FollowUpOpened } from '../contracts/follow-up-opened.ts';
import { PromoterIdentified } from '../contracts/promoter-identified.ts';
import type { SurveyAnsweredDetail } from '../contracts/survey-answered.ts';
import { CHAT_LINK } from '../domain/case-token.ts';
import { AnswerConflict, SurveyNotFound } from '../domain/errors.ts';
import {
  answerChangeNote,
  type CaseAnswer,
  caseAnswerOf,
  type FollowUpCase,
  loopClassOf,
  noteSlot,
} from '../domain/follow-up.ts';
import type { Survey } from '../domain/survey.ts';
import { formatDuration, resolveLocale } from '../i18n/locales.ts';
import type { CaseRepository, LoopDecision, LoopState, LoopStep } from '../ports/case-repository.ts';
import type { ResponseRepository } from '../ports/response-repository.ts';
import type { SendingDeps } from '../ports/sending.ts';
import type { SuppressionList } from '../ports/suppression-list.ts';
import type { SurveyRepository } from '../ports/survey-repository.ts';
import { mailbox } from '../rendering/address.ts';
import { renderLoopEmail } from '../rendering/loop-email.ts';
import { alertSummary, chatAlert, renderDetractorAlert } from '../rendering/staff-email.ts';
import { caseLink, caseRefOf, emailStaff } from './case-staff.ts';

export interface CloseLoopDeps extends SendingDeps {
  surveys: Pick<SurveyRepository, 'get'>;
  responses: Pick<ResponseRepository, 'get'>;
  cases: CaseRepository;
  suppressions: Pick<SuppressionList, 'reasonFor'>;
}

/** `gone`: the survey was erased (or expired) meanwhile: nothing about its customer is written or sent. */
export type LoopOutcome = 'detractor' | 'promoter' | 'passive' | 'duplicate' | 'superseded' | 'gone';

/** The order steps run in: the case is announced before anyone is told of it; emails before the events. */
const STEP_ORDER: readonly LoopStep[] = [
  'opened-event',
  'staff-alert',
  'customer-follow-up',
  'detractor-event',
  'thank-you',
  'review-invite',
  'promoter-event',
];

/**
 * Closes the loop on one `Survey Answered`, exactly once per answer version.
 * 1. A version already handled (a redelivery) only finishes the steps a crash left pending; an event overtaken by
 *    a newer answer waits for that answer's event.
 * 2. Classify the answer as it stands: detractor (NPS 0–6, CSAT 1–2, CES 1–3), promoter (NPS 9–10, CSAT 5) or
 *    passive.
 * 3. Decide what it needs, given what the survey already had: a detractor without a case gets one (due after the
 *    store's `followUp.within`), a staff alert, the customer's follow-up and `Detractor Identified`; a survey
 *    with a case gets the change noted on it and nothing else; a promoter gets one thank-you and `Promoter
 *    Identified` once; with a review page configured, every respondent is invited once.
 * 4. Record the decision (and the case) in one conditional write, then do each step and tick it off; a first
 *    decision with nothing in it records nothing.
 */
export async function closeLoop(deps: CloseLoopDeps, answered: SurveyAnsweredDetail): Promise<LoopOutcome> {
  const state = await deps.cases.loopState(answered.surveyId);
  const survey = await deps.surveys.get(answered.surveyId);
  // Erased: the event in hand is the last trace of the customer; it ends here, not in a dead letter.
  if (survey === undefined) return 'gone';
  const store = storeFor(deps.config, survey.storeId);
  if (state && state.version >= answered.version) {
    await runSteps(deps, survey, store, state);
    return 'duplicate';
  }
  const response = await deps.responses.get(answered.surveyId);
  if (response === undefined || response.version < answered.version)
    throw new AnswerConflict(`The answer to survey ${answered.surveyId} is not readable yet.`);
  if (response.version > answered.version) return 'superseded';

  const now = deps.clock.now();
  const answer = caseAnswerOf(survey.metric, response);
  const cls = loopClassOf(answer);
  const existing = state ? await deps.cases.get(survey.id) : undefined;
  const decision = decide(survey, store, state, existing, answer, cls, now);
  // Nothing to do and nothing to remember (a first answer that is passive, with no review page to invite to): no
  // state is written, a write unit a passive survey saves; a redelivery decides the same nothing again.
  if (state === undefined && decision.state.pending.length === 0 && !decision.open && !decision.note) return cls;
  if (!(await deps.cases.decide(decision))) {
    if ((await deps.surveys.get(survey.id)) === undefined) return 'gone';
    throw new AnswerConflict(`Another delivery closed the loop on survey ${survey.id} meanwhile.`);
  }
  await runSteps(deps, survey, store, decision.state);
  return cls;
}

function decide(
  survey: Survey,
  store: StoreConfig,
  state: LoopState | undefined,
  existing: FollowUpCase | undefined,
  answer: CaseAnswer,
  cls: LoopOutcome,
  now: Date,
): LoopDecision {
  const pending = new Set<LoopStep>(state?.pending ?? []);
  const thanked = state?.thanked ?? false;
  // A loyalty system hears of every promoter once, case or not.
  if (cls === 'promoter' && !state?.promoterAnnounced) pending.add('promoter-event');
  let change: Pick<LoopDecision, 'open' | 'note'> = {};
  if (existing) {
    // The case stays the one place this survey's story is told: no alert, apology or thank-you on top.
    change = {
      note: {
        caseId: existing.id,
        answer,
        note: answerChangeNote(existing.answer, answer, now.toISOString()),
        slot: noteSlot(existing.notes.length),
      },
    };
  } else if (cls === 'detractor') {
    change = { open: openCase(survey, answer, now, store.followUp.within) };
    for (const step of ['opened-event', 'staff-alert', 'detractor-event'] as const) pending.add(step);
    if (store.followUp.customerEmail) pending.add('customer-follow-up');
  } else if (!thanked) {
    if (cls === 'promoter' && store.promoters.thankYou) pending.add('thank-you');
    else if (store.reviewUrl) pending.add('review-invite');
  }
  return {
    state: {
      surveyId: survey.id,
      version: answer.version,
      pending: [...pending],
      thanked,
      promoterAnnounced: state?.promoterAnnounced ?? false,
      leases: state?.leases,
    },
    previousVersion: state?.version,
    previousRevision: state?.revision,
    ...change,
  };
}

/** The case a detractor's answer opens: the survey's id, due `withinMs` after now. */
function openCase(survey: Survey, answer: CaseAnswer, now: Date, withinMs: number): FollowUpCase {
  return {
    id: survey.id,
    surveyId: survey.id,
    program: survey.program,
    storeId: survey.storeId,
    customer: survey.customer,
    trigger: survey.trigger,
    ...(survey.agent ? { agent: survey.agent } : {}),
    locale: survey.locale,
    answer,
    status: 'open',
    openedAt: now.toISOString(),
    dueAt: new Date(now.getTime() + withinMs).toISOString(),
    notes: [],
    announced: {},
    // A case is kept as long as its survey.
    ...(survey.retainUntil ? { retainUntil: survey.retainUntil } : {}),
  };
}

/** How long a delivery holds a step it does: longer than any step takes, shorter than the queue's redelivery. */
const STEP_LEASE_MS = 2 * 60 * 1000;

async function runSteps(deps: CloseLoopDeps, survey: Survey, store: StoreConfig, state: LoopState) {
  let thankYouSent = state.thanked;
  // The case, read once for the steps of this delivery that need it (the first of them reads it fresh).
  let read: Promise<FollowUpCase> | undefined;
  const theCase = () => {
    read ??= caseOf(deps, survey.id);
    return read;
  };
  for (const step of STEP_ORDER) {
    if (!state.pending.includes(step)) continue;
    // An erasure may land between two steps: no alert, email or event about the customer after it.
    if ((await deps.surveys.get(survey.id)) === undefined) return;
    // Another delivery (of a newer answer, or this one redelivered) may be doing the step now: only one does it.
    if (!(await deps.cases.claimStep(survey.id, step, deps.clock.now(), STEP_LEASE_MS))) continue;
    const sent = await runStep(deps, { survey, store, theCase }, step, thankYouSent);
    const thanked = sent && (step === 'thank-you' || step === 'review-invite');
    if (step === 'thank-you') thankYouSent = sent;
    // The closed-loop report counts the detractors the follow-up reached, on their case's cohort.
    const reached = step === 'customer-follow-up' && sent ? await theCase() : undefined;
    await deps.cases.stepDone(survey.id, step, { thanked, ...(reached ? { reached } : {}) });
  }
}

/** One step; false when an email was not sent because the address is suppressed. */
async function runStep(
  deps: CloseLoopDeps,
  on: { survey: Survey; store: StoreConfig; theCase: () => Promise<FollowUpCase> },
  step: LoopStep,
  thankYouSent: boolean,
): Promise<boolean> {
  const { survey, store, theCase } = on;
  switch (step) {
    case 'opened-event': {
      const followUp = await theCase();
      if (followUp.announced.opened) return true;
      await deps.events.publish(FollowUpOpened, {
        ...caseRefOf(followUp),
        score: followUp.answer.score,
        openedAt: followUp.openedAt,
      });
      await deps.cases.markAnnounced(followUp.id, 'opened');
      return true;
    }
    case 'staff-alert': {
      const followUp = await theCase();
      await emailStaff(deps, store, followUp, store.staff.alertRecipients, renderDetractorAlert, 'detractor-alert');
      return true;
    }
    case 'detractor-event': {
      const followUp = await theCase();
      const caseUrl = await caseLink(deps, followUp.id, CHAT_LINK);
      await deps.events.publish(DetractorIdentified, {
        surveyId: survey.id,
        caseId: followUp.id,
        program: survey.program,
        storeId: survey.storeId,
        customer: survey.customer,
        trigger: survey.trigger,
        agent: survey.agent,
        ...answerFields(followUp.answer),
        dueAt: followUp.dueAt,
        summary: alertSummary(followUp, store.brandName, caseUrl),
        chatText: chatAlert(followUp, store.brandName, caseUrl),
        caseUrl,
      });
      return true;
    }
    case 'customer-follow-up': {
      const followUp = await theCase();
      const locale = resolveLocale(survey.locale, store.defaultLocale);
      return sendToCustomer(deps, survey, store, 'follow-up', {
        within: formatDuration(locale, Date.parse(followUp.dueAt) - Date.parse(followUp.openedAt)),
      });
    }
    case 'thank-you':
      return sendToCustomer(deps, survey, store, 'thank-you', {});
    case 'review-invite':
      return sendToCustomer(deps, survey, store, 'answer-thanks', {});
    case 'promoter-event': {
      const response = await deps.responses.get(survey.id);
      if (response === undefined) throw new SurveyNotFound(`The answer to survey ${survey.id} is gone.`);
      await deps.events.publish(PromoterIdentified, {
        surveyId: survey.id,
        program: survey.program,
        storeId: survey.storeId,
        customer: survey.customer,
        trigger: survey.trigger,
        agentId: survey.agent?.id,
        ...answerFields(caseAnswerOf(survey.metric, response)),
        referralUrl: store.promoters.referralUrl,
        thankYouSent,
      });
      return true;
    }
  }
}

async function sendToCustomer(
  deps: CloseLoopDeps,
  survey: Survey,
  store: StoreConfig,
  kind: 'follow-up' | 'thank-you' | 'answer-thanks',
  extra: { within?: string },
): Promise<boolean> {
  if (await deps.suppressions.reasonFor(survey.customer.email)) return false;
  const staffAddress = store.replyTo ?? store.staff.alertRecipients[0];
  await deps.rateLimiter.acquire();
  await deps.mailer.send({
    to: survey.customer.email,
    from: mailbox(store.sender.email, store.sender.name ?? store.brandName),
    replyTo: staffAddress ? [staffAddress] : undefined,
    ...renderLoopEmail({
      kind,
      brandName: store.brandName,
      customerName: survey.customer.name,
      primaryColour: store.primaryColour,
      logoUrl: store.logoUrl,
      locale: resolveLocale(survey.locale, store.defaultLocale),
      within: extra.within,
      referralUrl: store.promoters.referralUrl,
      reviewUrl: store.reviewUrl,
    }),
    tags: { surveyId: survey.id, program: survey.program, storeId: survey.storeId, kind },
  });
  return true;
}

async function caseOf(deps: CloseLoopDeps, caseId: string): Promise<FollowUpCase> {
  const followUp = await deps.cases.get(caseId);
  if (followUp === undefined) throw new SurveyNotFound(`Follow-up case ${caseId} is gone.`);
  return followUp;
}

function answerFields(answer: CaseAnswer) {
  return {
    metric: answer.metric === 'nps' ? ('nps' as const) : ('csat' as const),
    score: answer.score,
    scale: answer.scale,
    ces: answer.ces,
    comment: answer.comment,
    ...(answer.reasons ? { reasons: [...answer.reasons] } : {}),
    ...(answer.themes ? { themes: [...answer.themes] } : {}),
    answeredAt: answer.answeredAt,
  };
}
