import type { AnswerChannel, AnswerClass } from '../domain/answer.ts';
import type { SentSurvey } from '../domain/loyalty.ts';
import type { AggregateRow } from '../domain/reports.ts';

export type { SentSurvey } from '../domain/loyalty.ts';

/** A report's scope: one program over whole UTC days, optionally one store and one agent. */
export interface ReportScope {
  program: string;
  storeId?: string | undefined;
  /** Without `storeId`: only these stores (the caller's, when they may not see every store). */
  stores?: readonly string[] | undefined;
  agentId?: string | undefined;
  /** `yyyy-mm-dd`, both included. */
  from: string;
  to: string;
}

/** A recorded answer as reports, comment lists and exports show it. */
export interface ResponseRecord {
  surveyId: string;
  program: string;
  metric: string;
  storeId: string;
  agentId?: string | undefined;
  agentName?: string | undefined;
  customerId: string;
  customerName?: string | undefined;
  trigger: { type: string; id: string };
  score: number;
  class: AnswerClass;
  ces?: number | undefined;
  comment?: string | undefined;
  reasons?: string[] | undefined;
  themes?: string[] | undefined;
  channel: AnswerChannel;
  answeredAt: string;
  updatedAt: string;
  version: number;
}

/** The fields of a ResponseRecord, in the order exports list them. */
export const RESPONSE_RECORD_FIELDS = [
  'surveyId',
  'program',
  'metric',
  'storeId',
  'agentId',
  'agentName',
  'customerId',
  'customerName',
  'trigger',
  'score',
  'class',
  'ces',
  'comment',
  'reasons',
  'themes',
  'channel',
  'answeredAt',
  'updatedAt',
  'version',
] as const satisfies readonly (keyof ResponseRecord)[];

export interface ResponseQuery {
  program?: string | undefined;
  storeId?: string | undefined;
  /** Without `storeId`: only these stores. */
  stores?: readonly string[] | undefined;
  agentId?: string | undefined;
  from: string;
  to: string;
  /** Only answers with a comment. */
  withComment: boolean;
  class?: AnswerClass | undefined;
  /** Only answers whose comment has this theme, or that give this reason. */
  theme?: string | undefined;
  reason?: string | undefined;
  /** Text the comment contains, in any case. */
  text?: string | undefined;
  limit: number;
  /** Where the previous page stopped. */
  cursor?: string | undefined;
}

export interface ReportReader {
  /** The aggregate rows of a scope: per store, or per store × agent when the scope names an agent. */
  aggregates(scope: ReportScope): Promise<AggregateRow[]>;
  /** Every agent's rows of a scope (the breakdown by agent). */
  agentAggregates(scope: Omit<ReportScope, 'agentId'>): Promise<AggregateRow[]>;
  /** Every owner's closed-loop rows of a scope, by the day their cases were opened. */
  ownerAggregates(scope: Omit<ReportScope, 'agentId'>): Promise<AggregateRow[]>;
  /** A store's surveys of a program whose email went out in the period (erased ones are no longer listed). */
  surveysSent(storeId: string, program: string, from: string, to: string): Promise<SentSurvey[]>;
  /** Answers newest first, a page at a time; `cursor` continues after the last one when more may follow. */
  responses(query: ResponseQuery): Promise<{ responses: ResponseRecord[]; cursor?: string | undefined }>;
}
