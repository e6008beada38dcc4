import * as z from 'zod/mini';
import { type Answer, classify, MAX_COMMENT_LENGTH, SCALES } from '../domain/answer.ts';
import { InvalidInput } from '../domain/errors.ts';
import { checkReasons, type ReasonSettings, reasonQuestion } from '../domain/reasons.ts';
import type { Metric } from '../domain/survey.ts';
import { formatIssues } from './issues.ts';
import { preprocess } from './zod-mini.ts';

/** A whole number, given as a JSON number or as form text. */
const integer = (min: number, max: number) =>
  z
    .union(
      [
        z.number(),
        z.pipe(z.string().check(z.trim(), z.regex(/^-?\d+$/, `must be a whole number`)), z.transform(Number)),
      ],
      {
        error: `must be a whole number from ${min} to ${max}`,
      },
    )
    .check(
      z.refine(
        (n: number) => Number.isInteger(n) && n >= min && n <= max,
        `must be a whole number from ${min} to ${max}`,
      ),
    );

const emptyToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);

/**
 * Reason ids, as a form repeats them (`reasons=a&reasons=b`; an empty value says "none"), a JSON array, or one
 * comma-separated string.
 */
const reasonIds = preprocess(
  (value: unknown) => (typeof value === 'string' ? value.split(',') : value),
  z.optional(z.array(z.string().check(z.maxLength(32))).check(z.maxLength(12))),
);

/**
 * The fields of `POST /s/{token}` (form-encoded or JSON): `score`, optional `comment` (at most 2,000 characters,
 * stored as text), optional `ces` (1–7, only after a CSAT question), optional `reasons` (ids offered for the
 * score's class by the program's reason question). Bad input throws InvalidInput naming the field.
 */
export function parseAnswer(
  metric: Metric,
  raw: unknown,
  asksCes = metric === 'csat',
  reasons?: ReasonSettings,
): Answer {
  const { min, max } = SCALES[metric];
  const schema = z.object({
    score: integer(min, max),
    comment: preprocess(
      emptyToUndefined,
      z.optional(
        z
          .pipe(
            z.string().check(z.maxLength(MAX_COMMENT_LENGTH * 2)),
            z.transform((text: string) => text.replace(/\r\n/g, '\n').trim()),
          )
          .check(
            z.refine(
              (text: string) => [...text].length <= MAX_COMMENT_LENGTH,
              `must be at most ${MAX_COMMENT_LENGTH} characters`,
            ),
          ),
      ),
    ),
    ces: preprocess(
      emptyToUndefined,
      asksCes ? z.optional(integer(1, 7)) : z.undefined({ error: 'is asked only after a CSAT question' }),
    ),
    reasons: reasonIds,
  });
  const result = schema.safeParse(raw);
  if (!result.success) throw new InvalidInput('Invalid answer', formatIssues(result.error));
  const { score, comment, ces } = result.data;
  const question = reasonQuestion(reasons, classify(metric === 'ces' ? 'ces' : metric, score));
  return {
    score,
    comment: comment === '' ? undefined : comment,
    ces,
    // Absent: the reasons given before stand (while the class does); present, even empty: these are the reasons.
    reasons: result.data.reasons === undefined ? undefined : checkReasons(result.data.reasons, question),
  };
}
