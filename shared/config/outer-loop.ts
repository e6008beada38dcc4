import * as z from 'zod';
import { LOCALES } from '../i18n/locales.ts';
import { BUILTIN_REASONS } from '../i18n/messages.ts';
import { DEFAULT_THEMES } from '../i18n/themes.ts';

/**
 * The outer loop's configuration: why customers score as they do. A program's reason question, the themes
 * comments are tagged with, and the root causes staff give when they resolve a case.
 */

const slug = (what: string, example: string) =>
  z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, `${what}: lowercase letters, digits and - (at most 32), such as ${example}`);
export const reasonId = slug('a reason id', 'delivery');
const themeId = slug('a theme id', 'delivery');
export const rootCauseId = slug('a root cause id', 'product');

const label = z
  .string()
  .trim()
  .min(1)
  .max(80)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'one line without control characters');
const languages = z.enum(LOCALES);

const BUILTIN: ReadonlySet<string> = new Set(BUILTIN_REASONS);
const CLASSES = ['detractor', 'passive', 'promoter'] as const;

/**
 * The follow-up question after the score, per class of answer (NPS detractor 0–6, passive 7–8, promoter 9–10;
 * CSAT 1–2, 3–4, 5): the reasons offered, in order. closeloop's own reasons (delivery, product, price, service,
 * website, other) are worded in every language; a reason of the business's own needs its label in English at
 * least (the fallback) and may have one per language; `labels` may also reword closeloop's. `multiple` lets the
 * customer pick several.
 */
export const reasonsConfig = z
  .strictObject({
    multiple: z.boolean().default(false),
    labels: z.record(reasonId, z.partialRecord(languages, label)).default({}),
    detractor: z.array(reasonId).min(1).max(12).optional(),
    passive: z.array(reasonId).min(1).max(12).optional(),
    promoter: z.array(reasonId).min(1).max(12).optional(),
  })
  .superRefine((reasons, context) => {
    if (CLASSES.every((answerClass) => reasons[answerClass] === undefined))
      context.addIssue({
        code: 'custom',
        message: 'ask the reason of at least one class: detractor, passive, promoter',
      });
    for (const answerClass of CLASSES) {
      const ids = reasons[answerClass] ?? [];
      ids.forEach((id, index) => {
        if (ids.indexOf(id) !== index)
          context.addIssue({ code: 'custom', path: [answerClass, index], message: `"${id}" is listed twice` });
        else if (!BUILTIN.has(id) && reasons.labels[id]?.en === undefined)
          context.addIssue({
            code: 'custom',
            path: [answerClass, index],
            message: `"${id}" is not one of closeloop's reasons (${BUILTIN_REASONS.join(', ')}): give it labels.${id}.en`,
          });
      });
    }
  });
export type ReasonsConfig = z.output<typeof reasonsConfig>;

/** Themes of comments: per theme, its phrases per language (see `shared/domain/themes.ts`). */
export const themesConfig = z
  .record(themeId, z.partialRecord(languages, z.array(z.string().trim().min(1).max(60)).min(1).max(100)))
  .refine((themes) => Object.keys(themes).length <= 50, { message: 'at most 50 themes' })
  .default(DEFAULT_THEMES as Record<string, Partial<Record<(typeof LOCALES)[number], string[]>>>);

export const DEFAULT_ROOT_CAUSES = ['product', 'delivery', 'price', 'service', 'website', 'billing', 'other'];
/** What staff say caused a case when they resolve it, from this list. */
export const rootCausesConfig = z.array(rootCauseId).min(1).max(30).default(DEFAULT_ROOT_CAUSES);

/** The placeholders a business's wording may use: the store's brand name. */
export const WORDING_PLACEHOLDERS = ['brand'] as const;

/**
 * A program's own words, per language: the question, the ends of the 0–10 scale, the five CSAT labels, the comment
 * prompt and the CES statement. Each falls back to closeloop's catalog where not given (per field, per language),
 * so a language left out speaks closeloop's words; a placeholder other than {brand} stops start-up and synth.
 */
export const wordingConfig = z
  .partialRecord(
    languages,
    z.strictObject({
      question: label.max(300).optional(),
      low: label.optional(),
      high: label.optional(),
      labels: z.tuple([label, label, label, label, label]).optional(),
      comment: label.max(200).optional(),
      ces: label.max(300).optional(),
    }),
  )
  .superRefine((wording, context) => {
    for (const [language, words] of Object.entries(wording))
      for (const [field, value] of Object.entries(words ?? {}))
        for (const [i, text] of (Array.isArray(value) ? value : [value]).entries())
          for (const [, name] of String(text).matchAll(/\{([^}]*)\}/g))
            if (!(WORDING_PLACEHOLDERS as readonly string[]).includes(name ?? ''))
              context.addIssue({
                code: 'custom',
                path: Array.isArray(value) ? [language, field, i] : [language, field],
                message: `unknown placeholder {${name}} (known: ${WORDING_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})`,
              });
  });
export type WordingConfig = z.output<typeof wordingConfig>;

/**
 * Comments classified by a model on Amazon Bedrock (off by default; README, The outer loop): the model's id (or a
 * cross-region inference profile's), and how long an answer waits for it before the phrase matcher tags instead.
 */
export const commentAnalysisConfig = z.strictObject({
  bedrock: z
    .strictObject({
      modelId: z
        .string()
        .regex(/^[a-z0-9.:-]{3,128}$/i, 'a Bedrock model or inference profile id, such as amazon.nova-micro-v1:0'),
      timeoutMs: z.number().int().min(200).max(5000).default(2000),
    })
    .optional(),
});
