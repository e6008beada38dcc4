import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { EventContract } from '#shared/contracts/contract.ts';
import { contracts } from '#shared/contracts/index.ts';

/**
 * The published JSON Schemas (docs/contracts) must say exactly what closeloop accepts: a producer that validates
 * with them is never surprised by a dead letter, and closeloop never refuses what they allow. Each inbound contract
 * is tried with a corpus — a good detail, and every field of it in turn absent or replaced by an odd value — through
 * ajv with the published file and through the runtime's own reading; the verdicts must agree.
 */

const root = resolve(import.meta.dirname, '../..');
const slug = (detailType: string) => detailType.toLowerCase().replace(/[^a-z0-9]+/g, '-');

const good: Record<string, Record<string, unknown>> = {
  'Purchase Completed': {
    schemaVersion: 1,
    orderId: 'ord-1',
    storeId: 'store-berlin',
    customer: { id: 'cus-1', email: 'ana@example.com', name: 'Ana', locale: 'pt-BR' },
    total: 42.5,
    currency: 'EUR',
    items: [{ sku: 'beans', name: 'Beans', quantity: 2, unitPrice: 12.5 }],
    occurredAt: '2026-11-20T09:15:00Z',
    survey: true,
  },
  'Ticket Closed': {
    schemaVersion: 1,
    ticketId: 'T-1',
    storeId: 'store-berlin',
    customer: { id: 'cus-1', email: 'ana@example.com', name: 'Ana', locale: 'de' },
    agent: { id: 'agent-1', name: 'Kim' },
    channel: 'chat',
    subject: 'Where is my order?',
    openedAt: '2026-11-20T09:00:00+01:00',
    closedAt: '2026-11-20T10:00:00Z',
    survey: false,
  },
  'Order Refunded': { schemaVersion: 1, orderId: 'ord-1', storeId: 'store-berlin', refundedAt: '2026-11-20T10:00:00Z' },
  'Ticket Reopened': { schemaVersion: 1, ticketId: 'T-1', storeId: 'store-berlin', reopenedAt: '2026-11-20T10:00:00Z' },
  'Customer Erasure Requested': { schemaVersion: 1, customerId: 'cus-1', requestedAt: '2026-11-20T10:00:00Z' },
};

/** Values that have caught a schema and a runtime disagreeing: types, edges, spacing, control characters. */
const odd: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  2,
  1_000_001,
  '',
  ' ',
  '   Ana   ',
  'Ana\r\nBcc: evil@example.com',
  'Ana\u0007',
  'x'.repeat(129),
  'x'.repeat(201),
  `${' '.repeat(150)}Ana${' '.repeat(150)}`,
  'ana@example.com',
  'ana@example.com, evil@example.com',
  'EUR',
  'eur',
  'chat',
  'pigeon',
  'pt_BR',
  'de_DE.UTF-8',
  '2026-11-20T10:00:00Z',
  '2026-11-21T10:00:00Z',
  '2026-11-20T10:00:00',
  '2026-02-30T10:00:00Z',
  '2026-11-20',
  '../../etc/passwd',
  'ord 1',
  'ord#1',
  [],
  [{ sku: 'a', quantity: 1 }],
  [{ sku: 'a', quantity: 0 }],
  ['beans'],
  {},
  { id: 'a' },
  { id: 'cus-1', email: 'ana@example.com' },
  { text: 'hi' },
];

/** Every path to a value in the detail, objects and lists entered. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, child]) => paths(child, [...prefix, key]))].filter((p) => p.length > 0);
}

function withValue(detail: Record<string, unknown>, path: (string | number)[], value: unknown) {
  const copy = structuredClone(detail);
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return copy;
}

function corpus(detail: Record<string, unknown>) {
  const cases: { what: string; detail: unknown }[] = [
    { what: 'as is', detail },
    { what: 'not an object', detail: [] },
  ];
  for (const path of paths(detail))
    for (const value of [undefined, ...odd])
      cases.push({
        what: `${path.join('.')} = ${JSON.stringify(value)?.slice(0, 40)}`,
        detail: withValue(detail, path, value),
      });
  cases.push({ what: 'an unknown field', detail: { ...detail, colour: 'blue' } });
  return cases;
}

describe('the published JSON Schemas', () => {
  const ajv = new Ajv2020({ strict: true, allErrors: false, validateFormats: false });

  it.each(contracts.inbound.map((contract) => [contract.detailType, contract] as const))(
    '%s: the schema and the runtime give the same verdict on every detail of the corpus',
    (detailType, contract: EventContract<import('zod/mini').ZodMiniType>) => {
      const file = resolve(root, `docs/contracts/${slug(detailType)}.v${contract.version}.schema.json`);
      const validate = ajv.compile(JSON.parse(readFileSync(file, 'utf8')));
      const base = good[detailType];
      expect(base, `a good ${detailType} in this test`).toBeDefined();
      const cases = corpus(base as Record<string, unknown>);

      const disagreements = cases.flatMap(({ what, detail }) => {
        const bySchema = validate(detail) === true;
        const byRuntime = contract.detail.safeParse(detail).success;
        return bySchema === byRuntime
          ? []
          : [`${what}: schema ${bySchema ? 'accepts' : 'refuses'}, runtime ${byRuntime ? 'accepts' : 'refuses'}`];
      });

      expect(disagreements).toEqual([]);
      // The corpus is no formality: it holds details both refuse and details both accept besides the good one.
      const verdicts = cases.map(({ detail }) => contract.detail.safeParse(detail).success);
      expect(verdicts.filter((ok) => ok).length).toBeGreaterThan(1);
      expect(verdicts.filter((ok) => !ok).length).toBeGreaterThan(cases.length / 4);
    },
  );
});
