const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

const SAFE: unique symbol = Symbol('SafeHtml');

/** Markup built by `html` (or a trusted constant named with `trusted`): interpolated as it is, never escaped again. */
export interface SafeHtml {
  readonly [SAFE]: true;
  readonly markup: string;
  toString(): string;
}

/** What `html` interpolates: text (escaped), numbers, markup (as it is), lists of them; nothing for null, undefined, false. */
export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

const safe = (markup: string): SafeHtml => ({ [SAFE]: true, markup, toString: () => markup });
const isSafe = (value: unknown): value is SafeHtml => typeof value === 'object' && value !== null && SAFE in value;

function interpolate(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (isSafe(value)) return value.markup;
  if (Array.isArray(value)) return value.map(interpolate).join('');
  return escapeHtml(String(value));
}

/**
 * The one way closeloop writes HTML: a template whose every interpolated value is escaped unless it is itself
 * markup from `html`. Text a customer, a store or staff wrote can only ever be text. Attribute values are quoted in
 * the template, so escaping is all they need.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let markup = strings[0] ?? '';
  values.forEach((value, i) => {
    markup += interpolate(value) + (strings[i + 1] ?? '');
  });
  return safe(markup);
}

/** Text whose line breaks show as `<br>`: each line escaped. */
export function withBreaks(text: string): SafeHtml {
  return safe(text.split('\n').map(escapeHtml).join('<br>'));
}

/**
 * Markup closeloop itself wrote and ships (a stylesheet, a bundled script, JSON for a script element already made
 * safe for one): never customer text. The `why` says which, for the reader.
 */
export function trusted(markup: string, _why: string): SafeHtml {
  return safe(markup);
}

/**
 * Data for a page's script: a `<script type="application/json">` element the script reads by id. `<` is written
 * as `\u003c`, so no value can close the element (the JSON means the same).
 */
export function jsonScript(id: string, value: unknown): SafeHtml {
  const json = JSON.stringify(value).replace(/</g, '\\u003c');
  return html`<script type="application/json" id="${id}">${safe(json)}</script>`;
}

/** Fills `{name}` placeholders; every placeholder must be given. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new RangeError(`missing placeholder {${key}}`);
    return value;
  });
}
