/**
 * The one table's key design, as plain data: the CDK stack and the local runtime both build the table from it,
 * and the adapters name their keys from it.
 *
 * | item            | pk                 | sk        | gsi1 (by customer)                    |
 * | --------------- | ------------------ | --------- | ------------------------------------- |
 * | survey          | SURVEY#{surveyId}  | SURVEY    | CUSTOMER#{customerId} / {createdAt}#… |
 * | response        | SURVEY#{surveyId}  | RESPONSE  | gsi3: STORE#{storeId}#RESPONSES / {answeredAt}#{surveyId} |
 * | aggregate       | AGG#{storeId}#{program} | DAY#{yyyy-mm-dd} | —                              |
 * | contact ledger  | CUSTOMER#{customerId} | CONTACTS | —                                        |
 * | daily cap       | CAP#{program}#{storeId} | DAY#{yyyy-mm-dd} | — (ttl)                          |
 * | send-rate slot  | RATE#ses           | SEC#{epochSecond} | — (ttl)                                |
 * | suppression     | SUPPRESSED#{sha256(email)} | SUPPRESSION | —                                  |
 * | loop state      | SURVEY#{surveyId}  | LOOP      | —                                        |
 * | follow-up case  | CASE#{caseId}      | CASE      | gsi3: STORE#{storeId}#CASES / {status}#{dueAt}#{caseId} |
 *
 * A survey email (or reminder) waiting for its time is in gsi2: `DUE#{shard}` / `{dueAt}#{step}#{surveyId}`,
 * spread over DUE_SHARDS partitions so a large backlog never makes one hot key. An open case waiting for its
 * deadline is there too, in its own partitions: `CASEDUE#{shard}` / `{dueAt}#escalation#{caseId}`.
 *
 * gsi2 (due time) and gsi3 (store × time) are sparse: only items that set their keys are in them.
 */
export const tableDesign = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'ttl',
  globalSecondaryIndexes: [
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  ],
} as const;

export const DUE_SHARDS = 4;

/** A stable shard of an id: the same id always lands in the same partition. */
const shardOf = (id: string) => [...id].reduce((sum, c) => sum + c.charCodeAt(0), 0) % DUE_SHARDS;

export const keys = {
  survey: (surveyId: string) => ({ pk: `SURVEY#${surveyId}`, sk: 'SURVEY' }),
  response: (surveyId: string) => ({ pk: `SURVEY#${surveyId}`, sk: 'RESPONSE' }),
  responsesOfStore: (storeId: string, answeredAt: string, surveyId: string) => ({
    gsi3pk: `STORE#${storeId}#RESPONSES`,
    gsi3sk: `${answeredAt}#${surveyId}`,
  }),
  /** Counters per store × program × day: `responses`, `score_{n}`, `ces_responses`, `ces_{n}`. */
  aggregate: (storeId: string, program: string, day: string) => ({ pk: `AGG#${storeId}#${program}`, sk: `DAY#${day}` }),
  due: (surveyId: string, step: 'survey' | 'reminder', dueAt: string) => ({
    gsi2pk: `DUE#${shardOf(surveyId)}`,
    gsi2sk: `${dueAt}#${step}#${surveyId}`,
  }),
  contacts: (customerId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: 'CONTACTS' }),
  dailyCap: (program: string, storeId: string, day: string) => ({ pk: `CAP#${program}#${storeId}`, sk: `DAY#${day}` }),
  sendRate: (second: number) => ({ pk: 'RATE#ses', sk: `SEC#${second}` }),
  suppression: (emailHash: string) => ({ pk: `SUPPRESSED#${emailHash}`, sk: 'SUPPRESSION' }),
  loop: (surveyId: string) => ({ pk: `SURVEY#${surveyId}`, sk: 'LOOP' }),
  followUpCase: (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'CASE' }),
  caseDue: (caseId: string, dueAt: string) => ({
    gsi2pk: `CASEDUE#${shardOf(caseId)}`,
    gsi2sk: `${dueAt}#escalation#${caseId}`,
  }),
  casesOfStore: (storeId: string, status: string, dueAt: string, caseId: string) => ({
    gsi3pk: `STORE#${storeId}#CASES`,
    gsi3sk: `${status}#${dueAt}#${caseId}`,
  }),
  surveysOfCustomer: (customerId: string, createdAt: string, surveyId: string) => ({
    gsi1pk: `CUSTOMER#${customerId}`,
    gsi1sk: `${createdAt}#SURVEY#${surveyId}`,
  }),
};
