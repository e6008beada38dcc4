import * as z from 'zod/mini';
import { externalId, firstProblem, ignore, personName, readLocale } from './contract.ts';
import { builtOnFirstUse, described } from './zod-mini.ts';

/*
 * The fields only inbound contracts (a store's events) read: lenient, so that a survey is never lost over a field it
 * can do without. Apart from `contract.ts` so that a function that reads no store event builds none of them.
 */

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
const readableLocale = () =>
  z.pipe(
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
const customerLocale = () =>
  lenient(
    'customer.locale',
    readableLocale(),
    "A language tag such as pt-BR (also read: pt_BR, EN-gb, de_DE.UTF-8); the store's default language when absent.",
  );

/** A person's name as shown in emails and alerts: 1–200 characters, no control characters or line breaks. */
export const lenientName = (field: string) =>
  lenient(field, personName, 'A name of 1 to 200 characters without control characters or line breaks.');

/**
 * The customer, as a store's event carries it: the id and address must be right, the rest is read leniently. Built
 * on first use, with the contracts that hold it.
 */
export const customer = builtOnFirstUse(() =>
  z.object({
    id: externalId,
    email: z.email().check(z.maxLength(254)),
    name: lenientName('customer.name'),
    locale: customerLocale(),
  }),
);
