import {
  type Customer,
  comment,
  customers,
  order,
  type Random,
  STORES,
  score,
  seeded,
  TICKET_SUBJECTS,
} from './business.ts';
import { type Email, type LocalCloseloop, linksOf } from './local-closeloop.ts';
import { type CasePlan, staffAct } from './staff.ts';

/** The reasons customers pick, some more often than others. */
const REASONS = {
  nps: ['delivery', 'delivery', 'delivery', 'product', 'price', 'price', 'service', 'website', 'other'],
  csat: ['wait', 'wait', 'service', 'product', 'other'],
};
const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface ReplayOptions {
  /** How many past days to replay, ending yesterday. */
  days: number;
  seed: number;
  /** Customers per shop. */
  customersPerStore: number;
  /** Purchases per shop and day, on average (a third as many tickets are closed). */
  perDay: number;
  log: (line: string) => void;
}

interface Survey {
  customer: Customer;
  kind: 'nps' | 'csat';
  answerLink: URL;
  unsubscribeLink: URL | undefined;
  answered: boolean;
}

export interface ReplayTally {
  purchases: number;
  tickets: number;
  surveys: number;
  reminders: number;
  answers: number;
  comments: number;
  unsubscribes: number;
}

/**
 * Replays `days` of a business on a running local closeloop, a day at a time on the runtime's clock, ending now:
 * each morning the shops' purchases and closed tickets go on the bus and the due sweep sends reminders; customers
 * open their survey emails and answer (some the same day, some a day or two later, some after the reminder; a few
 * unsubscribe); later staff acknowledge and resolve the detractor cases of their shops (some too late: those
 * escalate). The clock goes back to real time at the end, whatever happens.
 */
export async function replay(closeloop: LocalCloseloop, options: ReplayOptions): Promise<ReplayTally> {
  const random = seeded(options.seed);
  const state: ReplayState = {
    people: customers(random, options.customersPerStore),
    surveys: new Map(),
    seenEmails: new Set((await closeloop.emails()).map((email) => email.messageId)),
    lastLook: new Date(),
    answersOn: new Map(),
    plans: new Map(),
    tally: { purchases: 0, tickets: 0, surveys: 0, reminders: 0, answers: 0, comments: 0, unsubscribes: 0 },
  };
  const morning = morningsOf(options.days, random);
  const at = async (day: number, hours: number) => closeloop.setClock(new Date(morning(day) + hours * HOUR));
  try {
    for (let day = 0; day < options.days; day++) {
      const daily = seeded(options.seed * 7919 + day);
      await at(day, 0);
      await closeloop.put(storeEvents(daily, state.people, options.perDay, new Date(morning(day) - HOUR), state.tally));
      await closeloop.runSchedule('SweepDueSurveys');
      await closeloop.idle();
      await readInbox(closeloop, state, day, daily);
      await answerDue(closeloop, state, { day, daily, progress: day / Math.max(1, options.days - 1), at });
      // Staff take the day's cases, except on the last day (the cases still open when the dashboard is opened).
      await at(day, 5);
      if (day < options.days - 1) await staffAct(closeloop, daily, day, state.plans);
      await at(day, 5.5);
      await closeloop.runSchedule('EscalateOverdueCases');
      const { tally } = state;
      if ((day + 1) % 7 === 0 || day === options.days - 1)
        options.log(
          `day ${day + 1}/${options.days}: ${tally.purchases} purchases, ${tally.tickets} tickets, ${tally.surveys} surveys, ${tally.answers} answers`,
        );
    }
    await closeloop.idle();
  } finally {
    await closeloop.resetClock();
  }
  return state.tally;
}

/** What the replay knows as it goes: the customers, their surveys and plans, the staff's plans, the counts. */
interface ReplayState {
  people: Customer[];
  surveys: Map<string, Survey>;
  seenEmails: Set<string>;
  lastLook: Date;
  /** Day → the surveys customers mean to answer that day. */
  answersOn: Map<number, string[]>;
  plans: Map<string, CasePlan>;
  tally: ReplayTally;
}

/**
 * Each day's morning: around 08:00 UTC (give or take an hour), the last one today, and at the latest six hours ago,
 * so that its cases are still open, within their deadline, when the replay ends.
 */
function morningsOf(days: number, random: Random): (day: number) => number {
  const end = Date.now();
  const midnight = end - (end % DAY);
  const startOf = Array.from({ length: days }, () => random.between(-60, 60) * 60_000);
  return (day) => {
    const usual = midnight - (days - 1 - day) * DAY + 8 * HOUR + (startOf[day] ?? 0);
    return day === days - 1 ? Math.min(usual, end - 6 * HOUR) : usual;
  };
}

/** Customers find their survey emails (and reminders), and decide whether and when to answer, or unsubscribe. */
async function readInbox(closeloop: LocalCloseloop, state: ReplayState, day: number, daily: Random): Promise<void> {
  const plan = (on: number, surveyId: string) =>
    state.answersOn.set(on, [...(state.answersOn.get(on) ?? []), surveyId]);
  const looked = new Date();
  for (const email of newSurveyEmails(await closeloop.emails(state.lastLook), state.seenEmails)) {
    const read = readSurveyEmail(email, state.people);
    if (read === undefined) continue;
    const known = state.surveys.get(read.surveyId);
    if (known === undefined) {
      state.surveys.set(read.surveyId, { ...read.survey, answered: false });
      state.tally.surveys++;
      if (daily.chance(0.02) && read.survey.unsubscribeLink) {
        await closeloop.unsubscribe(read.survey.unsubscribeLink);
        state.tally.unsubscribes++;
      } else if (daily.chance(0.6)) plan(day + daily.pick([0, 0, 0, 0, 1, 1, 2]), read.surveyId);
    } else {
      state.tally.reminders++;
      if (!known.answered && daily.chance(0.35)) plan(day + daily.pick([0, 0, 1]), read.surveyId);
    }
  }
  state.lastLook = looked;
}

/** The day's answers, through the late morning, a few side by side. */
async function answerDue(
  closeloop: LocalCloseloop,
  state: ReplayState,
  today: { day: number; daily: Random; progress: number; at: (day: number, hours: number) => Promise<unknown> },
): Promise<void> {
  const answers = (state.answersOn.get(today.day) ?? []).flatMap((surveyId) => {
    const survey = state.surveys.get(surveyId);
    if (survey === undefined || survey.answered) return [];
    survey.answered = true;
    return [{ survey, fields: answerFields(today.daily, survey, today.progress) }];
  });
  for (let i = 0; i < answers.length; i += 4) {
    await today.at(today.day, Math.min(4.5, 3 + i / 8));
    await Promise.all(answers.slice(i, i + 4).map(({ survey, fields }) => closeloop.answer(survey.answerLink, fields)));
  }
  state.tally.answers += answers.length;
  state.tally.comments += answers.filter(({ fields }) => fields.comment).length;
  await closeloop.idle();
}

/** The day's purchases (`perDay` per shop on average) and closed tickets (a third as many), from its customers. */
function storeEvents(random: Random, people: readonly Customer[], perDay: number, morning: Date, tally: ReplayTally) {
  const events: { detailType: string; detail: object }[] = [];
  const stamp = (minutes: number) => new Date(morning.getTime() + minutes * 60_000).toISOString();
  for (const store of STORES) {
    const own = people.filter((person) => person.store === store);
    const chances = Math.ceil(perDay * 2);
    const purchases = Array.from({ length: chances }, () => random.chance(perDay / chances)).filter(Boolean).length;
    for (let i = purchases; i > 0; i--) {
      const customer = random.pick(own);
      const orderId = `demo-ord-${morning.getTime().toString(36)}-${store.city.toLowerCase()}-${i}`;
      events.push({
        detailType: 'Purchase Completed',
        detail: {
          orderId,
          storeId: store.id,
          customer: customerOf(customer),
          ...order(random, store),
          occurredAt: stamp(i),
        },
      });
      tally.purchases++;
    }
    if (random.chance(Math.min(1, perDay / 3))) {
      const customer = random.pick(own);
      const agent = random.pick(store.agents);
      events.push({
        detailType: 'Ticket Closed',
        detail: {
          ticketId: `demo-T-${morning.getTime().toString(36)}-${store.city.toLowerCase()}`,
          storeId: store.id,
          customer: customerOf(customer),
          agent,
          channel: random.pick(['email', 'chat', 'phone']),
          subject: random.pick(TICKET_SUBJECTS),
          openedAt: stamp(-random.between(60, 48 * 60)),
          closedAt: stamp(10),
        },
      });
      tally.tickets++;
    }
  }
  return events;
}

const customerOf = (customer: Customer) => ({
  id: customer.id,
  email: customer.email,
  name: customer.name,
  locale: customer.locale,
});

/** Survey emails (and reminders) to the demo's customers that arrived since the last look, in a stable order. */
function newSurveyEmails(emails: readonly Email[], seen: Set<string>): Email[] {
  const fresh = emails.filter((email) => !seen.has(email.messageId));
  for (const email of fresh) seen.add(email.messageId);
  return fresh
    .filter((email) => email.destination.to.some((to) => to.endsWith('@customers.example')))
    .sort((a, b) => (a.destination.to[0] ?? '').localeCompare(b.destination.to[0] ?? ''));
}

/** The survey an email asks for: its id (from the signed link), its kind (by its highest score), its links. */
function readSurveyEmail(email: Email, people: readonly Customer[]) {
  const links = linksOf(email);
  const answerLinks = links.filter((link) => link.pathname.startsWith('/s/'));
  const customer = people.find((person) => email.destination.to.includes(person.email));
  if (answerLinks.length === 0 || customer === undefined) return undefined;
  const token = answerLinks[0]?.pathname.split('/')[2] ?? '';
  const highest = Math.max(...answerLinks.map((link) => Number(link.searchParams.get('score') ?? 0)));
  return {
    surveyId: token.split('.')[2] ?? token,
    survey: {
      customer,
      kind: highest > 5 ? ('nps' as const) : ('csat' as const),
      answerLink: answerLinks[0] as URL,
      unsubscribeLink: links.find((link) => link.pathname.startsWith('/u/')),
    },
  };
}

/** What the answer page posts: the score, often a comment in the customer's language, and CES after CSAT. */
function answerFields(random: Random, survey: Survey, progress: number): Record<string, string> {
  const value = score(random, survey.customer.store, survey.kind, progress);
  const fields: Record<string, string> = { score: String(value) };
  const text = comment(random, survey.customer.locale, value, survey.kind === 'nps' ? 10 : 5);
  if (text !== undefined) fields.comment = text;
  if (survey.kind === 'csat' && random.chance(0.8))
    fields.ces = String(Math.min(7, Math.max(1, value + random.between(0, 2))));
  // The reason question (config/local.json asks NPS detractors and passives, and CSAT detractors).
  const asked = survey.kind === 'nps' ? value <= 8 : value <= 2;
  if (asked && random.chance(0.75)) fields.reasons = random.pick(REASONS[survey.kind]);
  return fields;
}
