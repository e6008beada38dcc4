import * as z from 'zod/mini';
import { builtOnFirstUse, described } from './zod-mini.ts';

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

/**
 * A contract whose schema is built on its first use (`builtOnFirstUse`): a function builds only the schemas of the
 * events it reads or puts, when it first reads or puts them — a passive answer never builds the loop's events.
 */
export function defineContract<Schema extends z.ZodMiniType>(
  detailType: string,
  version: number,
  build: () => Schema,
): EventContract<Schema> {
  const detail = builtOnFirstUse(build);
  return {
    detailType,
    version,
    get detail() {
      return detail();
    },
  };
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

/** Reports a value a lenient field ignored to the `readDetail` under way (`inbound-fields.ts`). */
export function ignore(field: string, problem: string): void {
  ignoring?.push({ field, problem });
}

export const firstProblem = (error: z.core.$ZodError) => error.issues[0]?.message ?? 'invalid';

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

export const schemaVersion = (version: number) =>
  described(z._default(z.literal(version), version), 'Major version of this detail; absent means the current one.');
