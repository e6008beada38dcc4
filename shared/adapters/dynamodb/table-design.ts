/**
 * The one table's key design, as plain data: the CDK stack and the local runtime both build the table from it,
 * and the adapters name their keys from it.
 *
 * | item            | pk                 | sk        | gsi1 (across stores)                  |
 * | --------------- | ------------------ | --------- | ------------------------------------- |
 * | survey          | SURVEY#{surveyId}  | SURVEY    | — (gsi4, keys only: CUSTOMER#{customerId} / {createdAt}#SURVEY#{surveyId}); once sent, gsi5 (keys only): STORE#{storeId}#SENT / {sentAt}#{surveyId} |
 * | response        | SURVEY#{surveyId}  | RESPONSE  | RESPONSES#{yyyy-mm} / {answeredAt}#{surveyId}; gsi3: STORE#{storeId}#RESPONSES / {answeredAt}#{surveyId} |
 * | aggregate       | AGG#{storeId}#{program} | DAY#{yyyy-mm-dd} | gsi6 (keys only): AGG#{program}#STORES / {day}#{storeId} |
 * | agent aggregate | AGG#{storeId}#{program}#AGENT#{agentId} | DAY#{yyyy-mm-dd} | AGG#{program}#AGENT#{agentId} / {day}#{storeId}; gsi6 (keys only): AGG#{program}#AGENTS / {day}#{storeId}#{agentId} |
 * | owner aggregate | AGG#{storeId}#{program}#OWNER#{owner} | DAY#{yyyy-mm-dd} | gsi6 (keys only): AGG#{program}#OWNERS / {day}#{storeId}#{owner} |
 * | contact ledger  | CUSTOMER#{customerId} | CONTACTS | —                                        |
 * | purchase ledger | CUSTOMER#{customerId} | PURCHASES | — (ttl: last purchase + retention): `orders` {orderId: "at|store|total|currency"} |
 * | daily cap       | CAP#{program}#{storeId} | DAY#{yyyy-mm-dd} | — (ttl)                          |
 * | send-rate slot  | RATE#ses[#{shard}] | SEC#{epochSecond} | — (ttl)                                |
 * | suppression     | SUPPRESSED#{sha256(email)} | SUPPRESSION | —                                  |
 * | loop state      | SURVEY#{surveyId}  | LOOP      | —                                        |
 * | source hour     | SOURCE#{sourceId}  | HOUR#{yyyy-mm-ddThh} | — (ttl 31 days): `mapped`, `refused`, `ignored` |
 * | source latest   | SOURCE#{sourceId}  | LATEST    | —                                        |
 * | source refusal  | SOURCE#{sourceId}  | REFUSAL#{at}#{nonce} | — (ttl 30 days)               |
 * | delivery taken  | DELIVERY#{sourceId}#{deliveryId} | DELIVERY | — (ttl 1 day): replays refused |
 * | staff notice    | NOTICE#{key}       | NOTICE    | — (ttl 90 days): a week's digest or drop alert, sent once |
 * | follow-up case  | CASE#{caseId}      | CASE      | CASES#{status} / {dueAt}#{caseId}; gsi3: STORE#{storeId}#CASES / {status}#{dueAt}#{caseId} |
 *
 * A survey email (or reminder) waiting for its time is in gsi2: `DUE#{shard}` / `{dueAt}#{step}#{surveyId}`,
 * spread over partitions sized from the configured peak (`scale.peakSurveysPerSecond`, at least 4; see
 * `topology/sizing.ts`) so that neither a large backlog nor a Black Friday makes one hot key. An open case waiting for its
 * deadline is there too, in its own partitions: `CASEDUE#{shard}` / `{dueAt}#escalation#{caseId}`.
 *
 * Aggregates are counters per day (`responses`, `score_{n}`, `ces_responses`, `ces_{n}` on the day of the answer;
 * `sent` and `answered` on the day the survey was sent, so a response rate never passes 100%). A report reads one
 * row per day and store (or store × agent): a year of one store is one query of 365 small items; all stores, or
 * the breakdown by store, one query of the keys in the program's `STORES` partition of gsi6 and then one query
 * per store named there (`day-rows.ts`). The closed loop's `loop_*` counters (see `domain/loop-report.ts`) sit on
 * the store rows and the owner rows of the day each case was opened.
 *
 * Surveys created before gsi4 existed are listed for their customer in gsi1 (`CUSTOMER#{customerId}`), and those sent
 * before gsi5 existed for their store in gsi3 (`STORE#{storeId}#SENT`); erasure and the loyalty report read both.
 * Day rows last changed before gsi6 existed are listed whole in gsi3 under the keys they now have in gsi6; the
 * next change of a row moves it (`aggregates.ts`), and the reports read both (`day-rows.ts`).
 *
 * All six indexes are sparse: only items that set their keys are in them.
 */
export { INDEXES, tableDesign } from '../../topology/table.ts';

/** Case deadlines (one per detractor case) stay on four partitions: they come at a fraction of the survey rate. */
export const CASE_DUE_SHARDS = 4;

/** The TTL attribute for something kept until `retainUntil`: epoch seconds, as DynamoDB's TTL reads it. */
export const ttlUntil = (retainUntil: string | undefined) =>
  retainUntil === undefined ? {} : { ttl: Math.floor(Date.parse(retainUntil) / 1000) };

/** A stable shard of an id: the same id always lands in the same partition (of `shards`). */
const shardOf = (id: string, shards: number) => [...id].reduce((sum, c) => sum + c.charCodeAt(0), 0) % shards;

/**
 * An id as one key segment. Ids from stores may hold `#`, the separator (`S#ticket-csat#AGENT#a1` is a valid store
 * id); escaped, no id can reach into the next segment, so two scopes' keys never meet. Ids hold no `%` themselves.
 */
export const seg = (id: string) => id.replaceAll('%', '%25').replaceAll('#', '%23');

export const keys = {
  survey: (surveyId: string) => ({ pk: `SURVEY#${surveyId}`, sk: 'SURVEY' }),
  response: (surveyId: string) => ({ pk: `SURVEY#${surveyId}`, sk: 'RESPONSE' }),
  responsesOfStore: (storeId: string, answeredAt: string, surveyId: string) => ({
    gsi3pk: `STORE#${seg(storeId)}#RESPONSES`,
    gsi3sk: `${answeredAt}#${surveyId}`,
  }),
  /** Counters per store × program × day: `responses`, `score_{n}`, `ces_responses`, `ces_{n}`, `sent`, `answered`. */
  aggregate: (storeId: string, program: string, day: string) => ({
    pk: `AGG#${seg(storeId)}#${seg(program)}`,
    sk: `DAY#${day}`,
  }),
  /** Every store's rows of a program, by day (keys only): all-store reports and the breakdown by store. */
  aggregateListing: (storeId: string, program: string, day: string) => ({
    gsi6pk: `AGG#${seg(program)}#STORES`,
    gsi6sk: `${day}#${seg(storeId)}`,
  }),
  /** The same counters per store × agent × day (ticket surveys). */
  agentAggregate: (storeId: string, program: string, agentId: string, day: string) => ({
    pk: `AGG#${seg(storeId)}#${seg(program)}#AGENT#${seg(agentId)}`,
    sk: `DAY#${day}`,
  }),
  /** One agent's rows across stores (gsi1), and every agent's rows of a program (gsi6, keys only): the breakdown by agent. */
  agentAggregateListing: (storeId: string, program: string, agentId: string, day: string) => ({
    gsi1pk: `AGG#${seg(program)}#AGENT#${seg(agentId)}`,
    gsi1sk: `${day}#${seg(storeId)}`,
    gsi6pk: `AGG#${seg(program)}#AGENTS`,
    gsi6sk: `${day}#${seg(storeId)}#${seg(agentId)}`,
  }),
  /** The closed loop's counters per store × owner (a member of staff) × day of the cases' opening. */
  ownerAggregate: (storeId: string, program: string, owner: string, day: string) => ({
    pk: `AGG#${seg(storeId)}#${seg(program)}#OWNER#${seg(owner)}`,
    sk: `DAY#${day}`,
  }),
  /** Every owner's rows of a program (gsi6, keys only): the closed loop per owner. */
  ownerAggregateListing: (storeId: string, program: string, owner: string, day: string) => ({
    gsi6pk: `AGG#${seg(program)}#OWNERS`,
    gsi6sk: `${day}#${seg(storeId)}#${seg(owner)}`,
  }),
  /** Every store's responses by month, newest last: comments and exports across stores. */
  responsesOfMonth: (answeredAt: string, surveyId: string) => ({
    gsi1pk: `RESPONSES#${answeredAt.slice(0, 7)}`,
    gsi1sk: `${answeredAt}#${surveyId}`,
  }),
  /** Every store's cases by status and due time. */
  casesByStatus: (status: string, dueAt: string, caseId: string) => ({
    gsi1pk: `CASES#${status}`,
    gsi1sk: `${dueAt}#${caseId}`,
  }),
  /** `shards`: the due index's partitions for the configured peak (`topology/sizing.ts`). */
  due: (surveyId: string, step: 'survey' | 'reminder', dueAt: string, shards: number) => ({
    gsi2pk: `DUE#${shardOf(surveyId, shards)}`,
    gsi2sk: `${dueAt}#${step}#${surveyId}`,
  }),
  contacts: (customerId: string) => ({ pk: `CUSTOMER#${seg(customerId)}`, sk: 'CONTACTS' }),
  /** A customer's purchases (order id → when, where, how much), for the loyalty report; erased with the customer. */
  purchases: (customerId: string) => ({ pk: `CUSTOMER#${seg(customerId)}`, sk: 'PURCHASES' }),
  /** A store's surveys by the time their email went out (gsi5, keys only): who was asked, for the loyalty report. */
  surveysSentOfStore: (storeId: string, sentAt: string, surveyId: string) => ({
    gsi5pk: `STORE#${seg(storeId)}#SENT`,
    gsi5sk: `${sentAt}#${surveyId}`,
  }),
  dailyCap: (program: string, storeId: string, day: string) => ({
    pk: `CAP#${seg(program)}#${seg(storeId)}`,
    sk: `DAY#${day}`,
  }),
  /** A second's send-rate counter; above 500 emails a second the quota is split over shards (`sendRateShards`). */
  sendRate: (second: number, shard = 0) => ({
    pk: shard === 0 ? 'RATE#ses' : `RATE#ses#${shard}`,
    sk: `SEC#${second}`,
  }),
  suppression: (emailHash: string) => ({ pk: `SUPPRESSED#${emailHash}`, sk: 'SUPPRESSION' }),
  loop: (surveyId: string) => ({ pk: `SURVEY#${surveyId}`, sk: 'LOOP' }),
  followUpCase: (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'CASE' }),
  caseDue: (caseId: string, dueAt: string) => ({
    gsi2pk: `CASEDUE#${shardOf(caseId, CASE_DUE_SHARDS)}`,
    gsi2sk: `${dueAt}#escalation#${caseId}`,
  }),
  casesOfStore: (storeId: string, status: string, dueAt: string, caseId: string) => ({
    gsi3pk: `STORE#${seg(storeId)}#CASES`,
    gsi3sk: `${status}#${dueAt}#${caseId}`,
  }),
  /** A staff notice sent at most once: a week's digest or score-drop alert of a store. */
  notice: (key: string) => ({ pk: `NOTICE#${seg(key)}`, sk: 'NOTICE' }),
  /** A delivery a connected source made, kept a day so that a replay of it is refused. */
  sourceDelivery: (sourceId: string, deliveryId: string) => ({
    pk: `DELIVERY#${seg(sourceId)}#${seg(deliveryId)}`,
    sk: 'DELIVERY',
  }),
  /** A source's counters per hour (`mapped`, `refused`, `ignored`), its latest delivery, and its refusals by time. */
  sourceHour: (sourceId: string, hour: string) => ({ pk: `SOURCE#${seg(sourceId)}`, sk: `HOUR#${hour}` }),
  sourceLatest: (sourceId: string) => ({ pk: `SOURCE#${seg(sourceId)}`, sk: 'LATEST' }),
  sourceRefusal: (sourceId: string, at: string, nonce: string) => ({
    pk: `SOURCE#${seg(sourceId)}`,
    sk: `REFUSAL#${at}#${nonce}`,
  }),
  /** A customer's surveys (gsi4, keys only): what erasure finds. */
  surveysOfCustomer: (customerId: string, createdAt: string, surveyId: string) => ({
    gsi4pk: `CUSTOMER#${seg(customerId)}`,
    gsi4sk: `${createdAt}#SURVEY#${surveyId}`,
  }),
};
