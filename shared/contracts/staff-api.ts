import * as z from 'zod/mini';
import { day, reportQuery, scope } from './staff-api-basics.ts';
import { acknowledgeBody, caseAction, caseList, casesQuery, followUpCase, resolveBody } from './staff-cases-api.ts';
import {
  answerClass,
  breakdownQuery,
  commentsQuery,
  driversQuery,
  exportQuery,
  loopQuery,
  loyaltyQuery,
  programsList,
  trendQuery,
} from './staff-reports-api.ts';
import { loopReport, loyaltyReport } from './staff-results.ts';
import { sourcesList } from './staff-sources-api.ts';
import { described } from './zod-mini.ts';

export { reportQuery } from './staff-api-basics.ts';
export { acknowledgeBody, caseAction, caseList, casesQuery, resolveBody } from './staff-cases-api.ts';
export * from './staff-reports-api.ts';
export { loopReport, loyaltyReport } from './staff-results.ts';
export { sourcesList } from './staff-sources-api.ts';

/**
 * The staff API's HTTP contract: the query each route accepts and the body it answers with. The handlers parse
 * with these schemas, the integration tests check answers against them, and `/api/openapi.json` is built from
 * them, so the documentation cannot drift from what the API does. The routes keep what they parse in
 * `staff-cases-api.ts`, `staff-sources-api.ts` and `staff-reports-api.ts`, so that a function builds only its own
 * schemas at a cold start; the document and the answers' schemas here are built by StaffReports only when
 * `/api/openapi.json` is asked for (~260 schema objects, a third of a cold start).
 */

const rates = {
  sent: described(z.int(), 'Surveys sent in the period'),
  responseRate: described(z.nullable(z.number()), '% of the surveys sent in the period answered so far, one decimal'),
};
export const npsSummary = z.object({
  metric: z.literal('nps'),
  responses: z.int(),
  promoters: described(z.int(), 'Answers 9–10'),
  passives: described(z.int(), 'Answers 7–8'),
  detractors: described(z.int(), 'Answers 0–6'),
  nps: described(z.nullable(z.number()), '%promoters − %detractors, one decimal; null without answers'),
  ...rates,
});
export const csatSummary = z.object({
  metric: z.literal('csat'),
  responses: z.int(),
  satisfied: described(z.int(), 'Answers 4–5'),
  csat: described(z.nullable(z.number()), '% satisfied, one decimal; null without answers'),
  ces: z.object({
    responses: z.int(),
    average: described(z.nullable(z.number()), 'Mean of the 1–7 effort answers, two decimals'),
  }),
  ...rates,
});
export const summary = z.discriminatedUnion('metric', [npsSummary, csatSummary]);

export const summaryReport = z.object({ scope, summary });
export const trendReport = z.object({
  scope,
  interval: z.enum(['day', 'week']),
  points: z.array(z.intersection(z.object({ start: day }), summary)),
});
const driverRows = z.array(
  z.object({
    id: z.string(),
    responses: described(z.int(), 'Answers that name it'),
    share: described(z.nullable(z.number()), 'Of all answers in scope, the share that name it, in percent'),
    score: described(z.nullable(z.number()), 'The NPS (or CSAT %) of the answers that name it'),
    impact: described(
      z.nullable(z.number()),
      'Its score minus that of the answers that do not name it: negative pulls the score down',
    ),
    classes: z.object({ detractor: z.int(), passive: z.int(), promoter: z.int() }),
    trend: z.array(z.object({ start: day, responses: z.int(), score: z.nullable(z.number()) })),
  }),
);
export const themesReport = z.object({ scope, metric: z.enum(['nps', 'csat']), themes: driverRows });
export const reasonsReport = z.object({
  scope,
  metric: z.enum(['nps', 'csat']),
  reasons: driverRows,
  rootCauses: described(
    z.array(z.object({ id: z.string(), cases: z.int() })),
    'Root causes staff gave the cases they resolved in the period, most first',
  ),
});
const scoreCounts = z.array(z.object({ score: z.int(), count: z.int() }));
export const distributionReport = z.object({ scope, scores: scoreCounts, ces: z.optional(scoreCounts) });
export const breakdownReport = z.object({
  scope,
  by: z.enum(['store', 'agent']),
  rows: z.array(
    z.intersection(
      z.object({ storeId: z.optional(z.string()), agentId: z.optional(z.string()), agentName: z.optional(z.string()) }),
      summary,
    ),
  ),
});
export const responseRecord = z.object({
  surveyId: z.string(),
  program: z.string(),
  metric: z.string(),
  storeId: z.string(),
  agentId: z.optional(z.string()),
  agentName: z.optional(z.string()),
  customerId: z.string(),
  customerName: z.optional(z.string()),
  trigger: z.object({ type: z.string(), id: z.string() }),
  score: z.int(),
  class: answerClass,
  ces: z.optional(z.int()),
  comment: z.optional(z.string()),
  reasons: z.optional(z.array(z.string())),
  themes: z.optional(z.array(z.string())),
  channel: z.enum(['web', 'email']),
  answeredAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  version: z.int(),
});
export const commentsPage = z.object({
  comments: z.array(responseRecord),
  cursor: described(z.optional(z.string()), 'Pass it back for the next page; absent on the last one'),
});
/** The `code` of a staff API error: the name of the domain error, as the functions throw it. */
export const STAFF_ERROR_CODES = ['InvalidInput', 'Forbidden', 'CaseNotFound', 'CaseConflict'] as const;
export const apiError = z.object({
  error: z.object({
    code: described(
      z.optional(z.enum(STAFF_ERROR_CODES)),
      'InvalidInput (400), CaseNotFound (404), CaseConflict (409); absent on 500',
    ),
    message: z.string(),
    issues: z.optional(z.array(z.string())),
  }),
});

type Query = z.ZodMiniObject;
interface Operation {
  summary: string;
  query?: Query;
  body?: z.ZodMiniType;
  response: z.ZodMiniType | 'csv' | 'html';
}

/** Every staff route, as documented. */
export const STAFF_OPERATIONS: Record<string, Operation> = {
  'GET /api/reports/summary': {
    summary: 'NPS or CSAT (with CES) of a program over a period, with surveys sent and the response rate',
    query: reportQuery,
    response: summaryReport,
  },
  'GET /api/reports/trend': { summary: 'The summary per day or per week', query: trendQuery(), response: trendReport },
  'GET /api/reports/distribution': {
    summary: 'How many answers gave each score',
    query: reportQuery,
    response: distributionReport,
  },
  'GET /api/reports/breakdown': {
    summary: 'The summary per store or per support agent',
    query: breakdownQuery(),
    response: breakdownReport,
  },
  'GET /api/reports/themes': {
    summary:
      'What comments are about: per theme, the answers that mention it, their share, their NPS (or CSAT) and its impact on the rest, and a trend',
    query: driversQuery(),
    response: themesReport,
  },
  'GET /api/reports/reasons': {
    summary:
      'Why customers scored as they did: per reason picked, the same figures as themes; and the root causes of resolved cases',
    query: driversQuery(),
    response: reasonsReport,
  },
  'GET /api/reports/loop': {
    summary:
      'Did the loop work: of the detractor cases opened in the period, the share answered within the deadline, time to answer and to resolve, resolved, escalated, reached by the follow-up email, and recovered when asked again; per store, per owner, per root cause',
    query: loopQuery(),
    response: loopReport,
  },
  'GET /api/reports/loyalty': {
    summary:
      'What loyalty is worth: per class (promoters, passives, detractors, resolved detractors, non-responders), the share who bought again within 30, 90 or 180 days after the survey, and orders and revenue per customer, per currency',
    query: loyaltyQuery(),
    response: loyaltyReport,
  },
  'GET /api/reports/comments': {
    summary: 'Answers with a comment, newest first, a page at a time',
    query: commentsQuery(),
    response: commentsPage,
  },
  'GET /api/reports/responses.csv': {
    summary:
      'Every answer of the period as CSV (RFC 4180; cells that a spreadsheet would run as a formula are prefixed with an apostrophe). Up to 5 MB per file; a `Link: <…>; rel="next"` header names the next part.',
    query: exportQuery(),
    response: 'csv',
  },
  'GET /api/cases': { summary: 'Follow-up cases, soonest due first', query: casesQuery(), response: caseList() },
  'GET /api/cases/{caseId}': { summary: 'One follow-up case', response: followUpCase() },
  'POST /api/cases/{caseId}/acknowledge': {
    summary: 'Take an open case',
    body: acknowledgeBody(),
    response: caseAction(),
  },
  'POST /api/cases/{caseId}/resolve': {
    summary: 'Resolve a case with what was done',
    body: resolveBody(),
    response: caseAction(),
  },
  'DELETE /api/customers/{customerId}': {
    summary:
      'Erase a customer (GDPR art. 17): surveys become tombstones without personal data, answers lose the comment and who gave them, cases the customer and comment; aggregates stay. Repeating it erases nothing more.',
    response: z.object({ customerId: z.string(), surveys: z.int(), erasedAt: z.iso.datetime() }),
  },
  'GET /api/sources': {
    summary:
      'The connected sources (Shopify, Zendesk, Standard Webhooks): when each last delivered, what became of its deliveries, and why any was refused',
    response: sourcesList,
  },
  'GET /api/programs': {
    summary: 'The configured programs and stores, and whether sources are connected: what the dashboard offers',
    response: programsList(),
  },
  'GET /api/openapi.json': { summary: 'This document', response: z.looseObject({ openapi: z.string() }) },
};

const schemaOf = (schema: z.ZodMiniType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;

/** The OpenAPI 3.1 document of the staff API. */
export function openApiDocument(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [route, operation] of Object.entries(STAFF_OPERATIONS)) {
    const [method = 'GET', path = '/'] = route.split(' ');
    const pathParameters = [...path.matchAll(/\{(\w+)\}/g)].map((match) => ({
      name: match[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const queryParameters = Object.entries(operation.query?.shape ?? {}).map(([name, schema]) => {
      const json = schemaOf(schema as z.ZodMiniType, 'input');
      return {
        name,
        in: 'query',
        required: !(schema as z.ZodMiniType).safeParse(undefined).success,
        ...(typeof json.description === 'string' ? { description: json.description } : {}),
        schema: json,
      };
    });
    const content =
      operation.response === 'csv'
        ? { 'text/csv': { schema: { type: 'string' } } }
        : operation.response === 'html'
          ? { 'text/html': { schema: { type: 'string' } } }
          : { 'application/json': { schema: schemaOf(operation.response, 'output') } };
    const errors = { 'application/json': { schema: schemaOf(apiError, 'output') } };
    paths[path] = {
      ...paths[path],
      [method.toLowerCase()]: {
        summary: operation.summary,
        parameters: [...pathParameters, ...queryParameters],
        ...(operation.body
          ? {
              requestBody: {
                required: true,
                content: {
                  'application/json': { schema: schemaOf(operation.body, 'input') },
                  'application/x-www-form-urlencoded': { schema: schemaOf(operation.body, 'input') },
                },
              },
            }
          : {}),
        responses: {
          '200': { description: 'OK', content },
          '400': { description: 'The query or body is not valid; `issues` names each field', content: errors },
          '401': { description: 'No valid bearer token (missing, expired, or from another issuer)' },
          '403': {
            description:
              'A store (or, for customers and sources, the whole business) beyond the caller’s access: their groups `all-stores` and `store:<id>` say which',
            content: errors,
          },
          ...(path.includes('{caseId}') ? { '404': { description: 'No such case', content: errors } } : {}),
          ...(method === 'POST'
            ? { '409': { description: 'The case is owned by someone else or closed', content: errors } }
            : {}),
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'closeloop staff API',
      version: '1.0.0',
      description:
        'Reports, comments, exports and follow-up cases for support staff. Every route needs `Authorization: Bearer <JWT>`: a Cognito access token in AWS, the local issuer’s token with `npm start`. The token’s groups say which stores the caller sees: `all-stores` every store, `store:<id>` that one; without a store asked for, a route answers for the caller’s stores only.',
    },
    servers: [{ url: serverUrl }],
    components: { securitySchemes: { staffJwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    security: [{ staffJwt: [] }],
    paths,
  };
}
