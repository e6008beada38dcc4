import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PurchaseCompleted } from '#shared/contracts/purchase-completed.ts';
import { contractSchemaFiles } from '#shared/contracts/schema-files.ts';
import { SurveyAnswered } from '#shared/contracts/survey-answered.ts';
import { SurveySent } from '#shared/contracts/survey-sent.ts';
import { TicketClosed } from '#shared/contracts/ticket-closed.ts';

const root = resolve(import.meta.dirname, '../..');
const fixture = (path: string) =>
  JSON.parse(readFileSync(resolve(root, 'test/fixtures/events', path), 'utf8')) as unknown;
interface InvalidCase {
  name: string;
  field: string;
  detail: unknown;
}

describe('event contracts', () => {
  it.each([
    [PurchaseCompleted, 'purchase-completed/v1/valid-full.json'],
    [PurchaseCompleted, 'purchase-completed/v1/valid-minimal.json'],
    [TicketClosed, 'ticket-closed/v1/valid-full.json'],
    [SurveySent, 'survey-sent/v1/valid.json'],
    [SurveyAnswered, 'survey-answered/v1/valid.json'],
  ] as const)('%s accepts the v1 fixture %s', (contract, path) => {
    const result = contract.detail.safeParse(fixture(path));
    expect(result.error).toBeUndefined();
  });

  it('fills the defaults of a minimal purchase', () => {
    const purchase = PurchaseCompleted.detail.parse(fixture('purchase-completed/v1/valid-minimal.json'));
    expect(purchase.schemaVersion).toBe(1);
    expect(purchase.items).toEqual([]);
  });

  it.each([
    [PurchaseCompleted, 'purchase-completed/v1/invalid-cases.json'],
    [TicketClosed, 'ticket-closed/v1/invalid-cases.json'],
  ] as const)('%s rejects each broken fixture, naming the field', (contract, path) => {
    for (const broken of fixture(path) as InvalidCase[]) {
      const result = contract.detail.safeParse(broken.detail);
      expect(result.success, broken.name).toBe(false);
      expect(
        result.error?.issues.map((issue) => issue.path.join('.')),
        broken.name,
      ).toContain(broken.field);
    }
  });

  it('publishes JSON Schemas identical to what the contracts accept (regenerate with npm run contracts)', () => {
    for (const { file, schema } of contractSchemaFiles()) {
      const published = JSON.parse(readFileSync(resolve(root, file), 'utf8')) as unknown;
      expect(published, file).toEqual(schema);
    }
  });

  it('keeps every required field of v1 required: removing one is a breaking change', () => {
    const required = (schema: Record<string, unknown>) => schema.required as string[];
    expect(required(PurchaseCompleted.jsonSchema())).toEqual([
      'orderId',
      'storeId',
      'customer',
      'total',
      'currency',
      'occurredAt',
    ]);
    expect(required(TicketClosed.jsonSchema())).toEqual([
      'ticketId',
      'storeId',
      'customer',
      'agent',
      'channel',
      'openedAt',
      'closedAt',
    ]);
  });
});
