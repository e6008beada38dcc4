import * as z from 'zod/mini';
import { described } from './zod-mini.ts';

/**
 * One EventBridge event contract: what goes in `detail-type`, which major version of the detail it describes, and
 * the zod schema of the detail (used by producers before putting and by consumers after receiving). Its JSON
 * Schema, which the README documents, is `jsonSchemaOf(contract)`: generated where documents are written, so the
 * functions do not carry the generator.
 */
export interface EventContract<Schema extends z.ZodMiniType> {
  readonly detailType: string;
  readonly version: number;
  readonly detail: Schema;
}

export type DetailOf<C> = C extends EventContract<infer S> ? z.output<S> : never;

export function defineContract<Schema extends z.ZodMiniType>(detailType: string, version: number, detail: Schema) {
  return { detailType, version, detail } satisfies EventContract<Schema>;
}

/** JSON Schema (draft 2020-12) of a contract's detail, as inputs are accepted. */
export function jsonSchemaOf(contract: EventContract<z.ZodMiniType>): Record<string, unknown> {
  return {
    title: `${contract.detailType} v${contract.version}`,
    ...z.toJSONSchema(contract.detail, { io: 'input', target: 'draft-2020-12' }),
  } as Record<string, unknown>;
}

/** An identifier a business system hands us: an order, ticket, store, customer or agent id. */
export const externalId = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(128),
    z.regex(
      /^[A-Za-z0-9][A-Za-z0-9._:@/#-]*$/,
      'letters, digits and . _ : @ / # - only, starting with a letter or digit',
    ),
  );

/**
 * A person's name: 1–200 characters with at least one that is not white space, and no control characters (CR and
 * LF above all: they would end up in mail headers); surrounding spaces are trimmed after the checks, so that the
 * published JSON Schema (length and pattern) says exactly what is accepted.
 */
export const personName = z.string().check(
  z.minLength(1),
  z.maxLength(200),
  z.regex(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    /^(?=.*\S)[^\u0000-\u001f\u007f]*$/,
    'must have a visible character and no control characters or line breaks',
  ),
  z.trim(),
);

export const isoDateTime = z.iso.datetime({ offset: true });

/** A BCP 47 language tag such as `en`, `pt-BR` or `zh-Hant-TW`. */
const BCP47 = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export const locale = z.string().check(z.regex(BCP47, 'a BCP 47 language tag such as en or pt-BR'));

/**
 * A language tag as stores' systems really send it, made canonical: `pt_BR` → `pt-BR`, `EN-gb` → `en-GB`,
 * `de_DE.UTF-8` → `de-DE`, `sr-latn-rs` → `sr-Latn-RS`. Anything else reads as no locale.
 */
export function readLocale(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const tag = value
    .trim()
    .replace(/[.@].*$/, '')
    .replaceAll('_', '-');
  if (tag.length > 35 || !BCP47.test(tag)) return undefined;
  return tag
    .split('-')
    .map((part, i) =>
      i === 0
        ? part.toLowerCase()
        : part.length === 2
          ? part.toUpperCase()
          : part.length === 4
            ? `${part[0]?.toUpperCase()}${part.slice(1).toLowerCase()}`
            : part.toLowerCase(),
    )
    .join('-');
}

/** An optional value an inbound event carried and closeloop ignored: the field, and why (never the value itself). */
export interface IgnoredValue {
  field: string;
  problem: string;
}

/** What the lenient fields ignored during the `readDetail` under way (zod parses synchronously). */
let ignoring: IgnoredValue[] | undefined;

function ignore(field: string, problem: string): void {
  ignoring?.push({ field, problem });
}

const firstProblem = (error: z.core.$ZodError) => error.issues[0]?.message ?? 'invalid';

/**
 * Reads an event's detail with its contract, and says which optional values it ignored. Inbound events are read
 * this way so that what was dropped is logged; the parse itself is the contract's.
 */
export function readDetail<S extends z.ZodMiniType>(contract: EventContract<S>, detail: unknown) {
  const outer = ignoring;
  ignoring = [];
  try {
    const result = contract.detail.safeParse(detail);
    return { result, ignored: ignoring };
  } finally {
    ignoring = outer;
  }
}

/**
 * An optional field of an inbound event, read leniently: a value that `schema` refuses is dropped (and reported by
 * `readDetail`) instead of refusing the event, since a survey must never be lost over a field it can do without.
 * Its JSON Schema therefore accepts any value, and says in its description what is read.
 */
export function lenient<S extends z.ZodMiniType>(field: string, schema: S, description: string) {
  const read = z.transform((value: unknown): z.output<S> | undefined => {
    if (value === undefined) return undefined;
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    ignore(field, firstProblem(result.error));
    return undefined;
  });
  return described(
    z.optional(z.pipe(z.unknown(), read)),
    `${description} Optional; any other value is ignored (and logged), never refused.`,
  );
}

/**
 * An optional list of an inbound event, read leniently item by item: an entry `item` refuses is dropped, entries
 * past `max` are dropped, anything but a list is read as an empty list; each drop is reported by `readDetail`.
 */
export function lenientList<S extends z.ZodMiniType>(field: string, item: S, max: number, description: string) {
  const read = z.transform((value: unknown): z.output<S>[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      ignore(field, 'not a list');
      return [];
    }
    const kept: z.output<S>[] = [];
    value.forEach((entry, index) => {
      const result = item.safeParse(entry);
      if (!result.success) ignore(`${field}[${index}]`, firstProblem(result.error));
      else if (kept.length < max) kept.push(result.data);
      else ignore(`${field}[${index}]`, `past the first ${max}`);
    });
    return kept;
  });
  return described(
    z.pipe(z.optional(z.unknown()), read),
    `${description} Optional; entries that are not so, and entries past the first ${max}, are ignored (and logged).`,
  );
}

/** A language tag as stores send it, made canonical (see `readLocale`); anything else is refused. */
const readableLocale = z.pipe(
  z.string(),
  z.transform((value: string, ctx) => {
    const tag = readLocale(value);
    if (tag === undefined) {
      ctx.issues.push({ code: 'custom', message: 'not a language tag', input: value });
      return z.NEVER;
    }
    return tag;
  }),
);

/**
 * The customer's language, from a store: it only chooses a language, so a value closeloop cannot read falls back to
 * the store's default language instead of losing the survey over it.
 */
export const customerLocale = lenient(
  'customer.locale',
  readableLocale,
  "A language tag such as pt-BR (also read: pt_BR, EN-gb, de_DE.UTF-8); the store's default language when absent.",
);

/** A person's name as shown in emails and alerts: 1–200 characters, no control characters or line breaks. */
export const lenientName = (field: string) =>
  lenient(field, personName, 'A name of 1 to 200 characters without control characters or line breaks.');

/** The customer, as a store's event carries it: the id and address must be right, the rest is read leniently. */
export const customer = z.object({
  id: externalId,
  email: z.email().check(z.maxLength(254)),
  name: lenientName('customer.name'),
  locale: customerLocale,
});

/** The customer, as closeloop's own events carry it (already read, so exactly so). */
export const knownCustomer = z.object({
  id: externalId,
  email: z.email().check(z.maxLength(254)),
  name: z.optional(personName),
  locale: z.optional(locale),
});

export const schemaVersion = (version: number) =>
  described(z._default(z.literal(version), version), 'Major version of this detail; absent means the current one.');

/** Which survey an outbound event is about: the fields every "Survey …" event opens with. */
export const surveyRef = {
  surveyId: z.string().check(z.minLength(1)),
  program: z.string().check(z.minLength(1)),
  metric: z.enum(['nps', 'csat', 'ces']),
  storeId: externalId,
  customerId: externalId,
  trigger: z.object({ type: z.enum(['order', 'ticket']), id: externalId }),
};

/** Which follow-up case an outbound event is about: the fields every "Follow-up …" event opens with. */
export const caseRef = {
  caseId: z.string().check(z.minLength(1)),
  surveyId: z.string().check(z.minLength(1)),
  program: z.string().check(z.minLength(1)),
  storeId: externalId,
  customerId: externalId,
  trigger: z.object({ type: z.enum(['order', 'ticket']), id: externalId }),
  dueAt: isoDateTime,
};

/** The answer that made the customer a detractor (or a promoter), as the loop's events carry it. */
export const answerOf = {
  metric: z.enum(['nps', 'csat']),
  score: z.int(),
  scale: z.object({ min: z.int(), max: z.int() }),
  ces: z.optional(z.int().check(z.minimum(1), z.maximum(7))),
  comment: z.optional(z.string().check(z.maxLength(2000))),
  reasons: z.optional(z.array(z.string())),
  themes: z.optional(z.array(z.string())),
  answeredAt: isoDateTime,
};
