/** What a connector made of one delivery: one of closeloop's inbound events, or nothing (with why). */
export type Mapped =
  | { kind: 'event'; detailType: string; detail: Record<string, unknown>; what: string }
  | { kind: 'ignored'; reason: string };

/** Headers as a plain object with lower-case names: platforms (and their versions) spell them differently. */
export function lowerCaseKeys(headers: Record<string, unknown> | undefined): Record<string, string> {
  const lower: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {}))
    if (typeof value === 'string' || typeof value === 'number') lower[name.toLowerCase()] = String(value);
  return lower;
}

/** A full name from its parts, or undefined when there are none. */
export function fullName(...parts: unknown[]): string | undefined {
  const name = parts
    .filter((part): part is string => typeof part === 'string' && part.trim() !== '')
    .map((part) => part.trim())
    .join(' ');
  return name === '' ? undefined : name;
}
