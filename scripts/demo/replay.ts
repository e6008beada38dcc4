import {
  type Customer,
  comment,
  customers,
  order,
  type Random,
  RESOLUTIONS,
  STORES,
  score,
  seeded,
  TICKET_SUBJECTS,
} from './business.ts';
import { type Email, type LocalCloseloop, linksOf } from './local-closeloop.ts';

/** The reasons customers pick, some more often than others; what staff name as a case's root cause. */
const REASONS = {
  nps: ['delivery', 'delivery', 'delivery', 'product', 'price', 'price', 'service', 'website', 'other'],
  csat: ['wait', 'wait', 'service', 'product', 'other'],
};
const ROOT_CAUSES = ['delivery', 'delivery', 'product', 'price', 'service', 'website', 'billing', 'other'];
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
interface CasePlan {
  acknowledgeOn?: number;
  resolveOn?: number;
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
  const people = customers(random, options.customersPerStore);
  const surveys = new Map<string, Survey>();
  const seenEmails = new Set((await closeloop.emails()).map((email) => email.messageId));
  let lastLook = new Date();
  const answersOn = new Map<number, string[]>();
  const plans = new Map<string, CasePlan>();
  const tally: ReplayTally = {
    purchases: 0,
    tickets: 0,
    surveys: 0,
    reminders: 0,
    answers: 0,
    comments: 0,
    unsubscribes: 0,
  };
  // Each day starts around 08:00 UTC (give or take an hour), the last one today, and at the latest six hours ago:
  // its cases are still open, within their deadline, when the replay ends.
  const end = Date.now();
  const midnight = end - (end % DAY);
  const startOf = Array.from({ length: options.days }, () => random.between(-60, 60) * 60_000);
  const morning = (day: number) => {
    const usual = midnight - (options.days - 1 - day) * DAY + 8 * HOUR + (startOf[day] ?? 0);
    return day === options.days - 1 ? Math.min(usual, end - 6 * HOUR) : usual;
  };
  const at = async (day: number, hours: number) => closeloop.setClock(new Date(morning(day) + hours * HOUR));
  const plan = (day: number, surveyId: string) => answersOn.set(day, [...(answersOn.get(day) ?? []), surveyId]);

  try {
    for (let day = 0; day < options.days; day++) {
      const daily = seeded(options.seed * 7919 + day);
      const progress = day / Math.max(1, options.days - 1);

      await at(day, 0);
      await closeloop.put(storeEvents(daily, people, options.perDay, new Date(morning(day) - HOUR), tally));
      await closeloop.runSchedule('SweepDueSurveys');
      await closeloop.idle();

      // Customers find their survey emails (and reminders), and decide whether and when to answer.
      const looked = new Date();
      for (const email of newSurveyEmails(await closeloop.emails(lastLook), seenEmails)) {
        const read = readSurveyEmail(email, people);
        if (read === undefined) continue;
        const known = surveys.get(read.surveyId);
        if (known === undefined) {
          surveys.set(read.surveyId, { ...read.survey, answered: false });
          tally.surveys++;
          if (daily.chance(0.02) && read.survey.unsubscribeLink) {
            await closeloop.unsubscribe(read.survey.unsubscribeLink);
            tally.unsubscribes++;
          } else if (daily.chance(0.6)) plan(day + daily.pick([0, 0, 0, 0, 1, 1, 2]), read.surveyId);
        } else {
          tally.reminders++;
          if (!known.answered && daily.chance(0.35)) plan(day + daily.pick([0, 0, 1]), read.surveyId);
        }
      }
      lastLook = looked;

      const answers = (answersOn.get(day) ?? []).flatMap((surveyId) => {
        const survey = surveys.get(surveyId);
        if (survey === undefined || survey.answered) return [];
        survey.answered = true;
        return [{ survey, fields: answerFields(daily, survey, progress) }];
      });
      // Customers answer through the late morning, a few side by side.
      for (let i = 0; i < answers.length; i += 4) {
        await at(day, Math.min(4.5, 3 + i / 8));
        await Promise.all(
          answers.slice(i, i + 4).map(({ survey, fields }) => closeloop.answer(survey.answerLink, fields)),
        );
      }
      tally.answers += answers.length;
      tally.comments += answers.filter(({ fields }) => fields.comment).length;
      await closeloop.idle();

      // Staff take the day's cases, except on the last day (the cases still open when the dashboard is opened).
      await at(day, 5);
      if (day < options.days - 1) await staffAct(closeloop, daily, day, plans);
      await at(day, 5.5);
      await closeloop.runSchedule('EscalateOverdueCases');
      if ((day + 1) % 7 === 0 || day === options.days - 1)
        options.log(
          `day ${day + 1}/${options.days}: ${tally.purchases} purchases, ${tally.tickets} tickets, ${tally.surveys} surveys, ${tally.answers} answers`,
        );
    }
    await closeloop.idle();
  } finally {
    await closeloop.resetClock();
  }
  return tally;
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

/**
 * Each shop's staff member goes through the shop's open and acknowledged cases: most are acknowledged the day they
 * open and resolved one to four days later; some are missed (and escalate at their deadline), a few of those are
 * resolved late, and some stay acknowledged for a while.
 */
async function staffAct(closeloop: LocalCloseloop, random: Random, day: number, plans: Map<string, CasePlan>) {
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
