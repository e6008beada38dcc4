import type { AnswerClass } from './answer.ts';
import { InvalidInput } from './errors.ts';

/** A program's reason question, as configured (`programs.<id>.reasons`): the reasons offered per class. */
export interface ReasonSettings {
  multiple: boolean;
  labels: Readonly<Record<string, Readonly<Partial<Record<string, string>>>>>;
  detractor?: readonly string[] | undefined;
  passive?: readonly string[] | undefined;
  promoter?: readonly string[] | undefined;
}

/** What the answer page asks after a score of this class: the reasons offered and whether several may be picked. */
export interface ReasonQuestion {
  multiple: boolean;
  choices: readonly string[];
}

export function reasonQuestion(
  settings: ReasonSettings | undefined,
  answerClass: AnswerClass,
): ReasonQuestion | undefined {
  const choices = settings?.[answerClass];
  return settings && choices ? { multiple: settings.multiple, choices } : undefined;
}

/**
 * The reasons of an answer, checked against the question its class is asked: an empty list when none were picked;
 * refused (naming the field) when its class is asked none, one is not offered, or several are given to a single
 * choice.
 */
export function checkReasons(given: readonly string[], question: ReasonQuestion | undefined): string[] {
  const reasons = [...new Set(given.map((id) => id.trim()).filter((id) => id !== ''))];
  if (reasons.length === 0) return [];
  if (question === undefined) throw new InvalidInput('Invalid answer', ['reasons: no reason is asked for this score']);
  const unknown = reasons.filter((id) => !question.choices.includes(id));
  if (unknown.length > 0)
    throw new InvalidInput('Invalid answer', [
      `reasons: ${unknown.join(', ')} not offered (offered: ${question.choices.join(', ')})`,
    ]);
  if (!question.multiple && reasons.length > 1) throw new InvalidInput('Invalid answer', ['reasons: pick one reason']);
  return reasons;
}

/** A reason's words in a language: the business's label, its English one, closeloop's own, or the id. */
export function reasonLabel(
  settings: Pick<ReasonSettings, 'labels'> | undefined,
  id: string,
  language: string,
  builtin: Readonly<Record<string, string>>,
): string {
  const labels = settings?.labels[id];
  return labels?.[language] ?? builtin[id] ?? labels?.en ?? id;
}
