import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { ZodMiniType as ZodType } from 'zod/mini';
import { jsonSchemaOf, readDetail } from '#shared/contracts/contract.ts';
import { contracts } from '#shared/contracts/index.ts';
import { PurchaseCompleted } from '#shared/contracts/purchase-completed.ts';
import { contractSchemaFiles } from '#shared/contracts/schema-files.ts';
import { TicketClosed } from '#shared/contracts/ticket-closed.ts';

const root = resolve(import.meta.dirname, '../..');
const slug = (detailType: string) => detailType.toLowerCase().replace(/[^a-z0-9]+/g, '-');
const fixture = (path: string) =>
  JSON.parse(readFileSync(resolve(root, 'test/fixtures/events', path), 'utf8')) as unknown;
interface InvalidCase {
  name: string;
  field: string;
  detail: unknown;
}
interface LenientCase {
  name: string;
  /** The optional fields read as absent, as `readDetail` names them. */
  ignored: string[];
  detail: Record<string, unknown>;
}

describe('event contracts', () => {
  // Every contract, inbound and outbound, has versioned fixtures: the details it accepts as they are today (a change
  // that refuses one is a breaking change: a new version), and broken ones it must refuse, naming the field.
  const every = [...contracts.inbound, ...contracts.outbound];
  const dirOf = (contract: (typeof every)[number]) => `${slug(contract.detailType)}/v${contract.version}`;

  it.each(every.map((contract) => [contract.detailType, contract] as const))(
    '%s accepts each of its fixtures, and the published JSON Schema does too',
    (_name, contract) => {
      const dir = dirOf(contract);
      const files = readdirSync(resolve(root, 'test/fixtures/events', dir)).filter((file) =>
        /^valid.*\.json$/.test(file),
      );
      const schema = JSON.parse(
        readFileSync(
          resolve(root, `docs/contracts/${slug(contract.detailType)}.v${contract.version}.schema.json`),
          'utf8',
        ),
      );
      const validate = new Ajv2020({ allErrors: true, strict: true, validateFormats: false }).compile(schema);
      expect(files.length, dir).toBeGreaterThan(0);
      for (const file of files) {
        const result = contract.detail.safeParse(fixture(`${dir}/${file}`));
        expect(result.error, `${dir}/${file}`).toBeUndefined();
        expect(validate(fixture(`${dir}/${file}`)), `${dir}/${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
      }
    },
  );

  it.each(every.map((contract) => [contract.detailType, contract] as const))(
    '%s rejects each broken fixture, naming the field',
    (_name, contract) => {
      const broken = fixture(`${dirOf(contract)}/invalid-cases.json`) as InvalidCase[];
      expect(broken.length).toBeGreaterThan(0);
      for (const { name, field, detail } of broken) {
        const result = contract.detail.safeParse(detail);
        expect(result.success, name).toBe(false);
        expect(
          result.error?.issues.map((issue) => issue.path.join('.')),
          name,
        ).toContain(field);
      }
    },
  );

  it('fills the defaults of a minimal purchase', () => {
    const purchase = PurchaseCompleted.detail.parse(fixture('purchase-completed/v1/valid-minimal.json'));
    expect(purchase.schemaVersion).toBe(1);
    expect(purchase.items).toEqual([]);
  });

  it.each([
    [PurchaseCompleted, 'purchase-completed/v1/lenient-cases.json'],
    [TicketClosed, 'ticket-closed/v1/lenient-cases.json'],
  ] as const)('%s keeps each event with a bad optional value, dropping just that value', (contract, path) => {
    for (const odd of fixture(path) as LenientCase[]) {
      const { result, ignored } = readDetail<ZodType>(contract, odd.detail);
      expect(result.error, odd.name).toBeUndefined();
      expect(
        ignored.map((value) => value.field),
        odd.name,
      ).toEqual(odd.ignored);
      // Nothing of a dropped value is read, and the reason never quotes it.
      const read = JSON.stringify(result.data);
      for (const value of ignored) expect(value.problem.length, odd.name).toBeLessThan(120);
      expect(read, odd.name).not.toMatch(/Bcc|¯|AAAAAAAAAA|beans/);
    }
  });

  it('reads what a helpdesk sends leniently into the fields closeloop uses', () => {
    const [agentAndSubject] = (fixture('ticket-closed/v1/lenient-cases.json') as LenientCase[]).slice(1);
    const ticket = TicketClosed.detail.parse(agentAndSubject?.detail);
    expect(ticket.agent).toEqual({ id: 'a' });
    expect(ticket.subject).toMatch(/^Where is my order\? x+$/);
    expect(ticket.subject).toHaveLength(500);
    const [injected, zeroQuantity] = fixture('purchase-completed/v1/lenient-cases.json') as LenientCase[];
    expect(PurchaseCompleted.detail.parse(injected?.detail).customer.name).toBeUndefined();
    expect(PurchaseCompleted.detail.parse(zeroQuantity?.detail).items).toEqual([]);
  });

  it('publishes JSON Schemas identical to what the contracts accept (regenerate with npm run contracts)', () => {
    for (const { file, schema } of contractSchemaFiles()) {
      const published = JSON.parse(readFileSync(resolve(root, file), 'utf8')) as unknown;
      expect(published, file).toEqual(schema);
    }
  });

  it('keeps every required field of v1 required: removing one is a breaking change', () => {
    const required = (schema: Record<string, unknown>) => schema.required as string[];
    expect(required(jsonSchemaOf(PurchaseCompleted))).toEqual([
      'orderId',
      'storeId',
      'customer',
      'total',
      'currency',
      'occurredAt',
    ]);
    expect(required(jsonSchemaOf(TicketClosed))).toEqual([
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
