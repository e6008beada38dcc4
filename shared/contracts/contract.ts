import * as z from 'zod';

/**
 * One EventBridge event contract: what goes in `detail-type`, which major version of the detail it describes,
 * the zod schema of the detail (used by producers before putting and by consumers after receiving), and the
 * JSON Schema the README documents.
 */
export interface EventContract<Schema extends z.ZodType> {
  readonly detailType: string;
  readonly version: number;
  readonly detail: Schema;
  /** JSON Schema (draft 2020-12) of the detail, as inputs are accepted. */
  jsonSchema(): Record<string, unknown>;
}

export type DetailOf<C> = C extends EventContract<infer S> ? z.output<S> : never;

export function defineContract<Schema extends z.ZodType>(detailType: string, version: number, detail: Schema) {
  return {
    detailType,
    version,
    detail,
    jsonSchema: () =>
      ({
        title: `${detailType} v${version}`,
        ...z.toJSONSchema(detail, { io: 'input', target: 'draft-2020-12' }),
      }) as Record<string, unknown>,
  } satisfies EventContract<Schema>;
}

/** Control characters (CR and LF above all) never belong in a name: they would end up in mail headers. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const noControlCharacters = (value: string) => !/[\u0000-\u001f\u007f]/.test(value);

/** An identifier a business system hands us: an order, ticket, store, customer or agent id. */
export const externalId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@/#-]*$/, 'letters, digits and . _ : @ / # - only, starting with a letter or digit');

export const personName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine(noControlCharacters, 'must not contain control characters or line breaks');

export const isoDateTime = z.iso.datetime({ offset: true });

/** A BCP 47 language tag such as `en`, `pt-BR` or `zh-Hant-TW`. */
export const locale = z
  .string()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 language tag such as en or pt-BR');

const BCP47 = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

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

/**
 * The customer's language, from a store: it only chooses a language, so a value closeloop cannot read falls back to
 * the store's default language instead of losing the survey over it.
 */
export const customerLocale = z
  .unknown()
  .transform(readLocale)
  .optional()
  .describe(
    "A language tag such as pt-BR (also read: pt_BR, EN-gb, de_DE.UTF-8); any other value is ignored and the store's default language used",
  );

export const customer = z.object({
  id: externalId,
  email: z.email().max(254),
  name: personName.optional(),
  locale: customerLocale,
});

export const schemaVersion = (version: number) =>
  z.literal(version).default(version).describe('Major version of this detail; absent means the current one.');

/** Which survey an outbound event is about: the fields every "Survey …" event opens with. */
export const surveyRef = {
  surveyId: z.string().min(1),
  program: z.string().min(1),
  metric: z.enum(['nps', 'csat', 'ces']),
  storeId: externalId,
  customerId: externalId,
  trigger: z.object({ type: z.enum(['order', 'ticket']), id: externalId }),
};

/** Which follow-up case an outbound event is about: the fields every "Follow-up …" event opens with. */
export const caseRef = {
  caseId: z.string().min(1),
  surveyId: z.string().min(1),
  program: z.string().min(1),
  storeId: externalId,
  customerId: externalId,
  trigger: z.object({ type: z.enum(['order', 'ticket']), id: externalId }),
  dueAt: isoDateTime,
};

/** The answer that made the customer a detractor (or a promoter), as the loop's events carry it. */
export const answerOf = {
  metric: z.enum(['nps', 'csat']),
  score: z.number().int(),
  scale: z.object({ min: z.number().int(), max: z.number().int() }),
  ces: z.number().int().min(1).max(7).optional(),
  comment: z.string().max(2000).optional(),
  answeredAt: isoDateTime,
};
