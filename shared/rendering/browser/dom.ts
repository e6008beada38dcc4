/**
 * Building pages in the browser without HTML strings: every value goes in as text (`textContent`), never parsed as
 * markup, so customers' comments and names cannot become elements.
 */

type Attribute = string | number | boolean | null | undefined;
export type Child = Node | string | number | null | undefined | false;

const SVG = 'http://www.w3.org/2000/svg';
const HTML = 'http://www.w3.org/1999/xhtml';

/**
 * An element with attributes (null and undefined left out) and children (text for anything not a node). `svg`, and
 * any element with the `svg: true` attribute, is made in the SVG namespace (a `title` may be either).
 */
export function h(tag: string, attributes?: Record<string, Attribute> | null, ...children: Child[]): Element {
  const svg = tag === 'svg' || attributes?.svg === true;
  const element = document.createElementNS(svg ? SVG : HTML, tag);
  for (const [name, value] of Object.entries(attributes ?? {}))
    if (name !== 'svg' && value !== undefined && value !== null) element.setAttribute(name, String(value));
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    element.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** An element of the page by id; a page without it is a bug in the page, not a state to handle. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`The page has no #${id}`);
  return element as T;
}

/** Replaces an element's children. */
export function fill(id: string, ...children: (Node | null)[]): HTMLElement {
  const element = byId(id);
  element.replaceChildren(...children.filter((child): child is Node => child !== null));
  return element;
}

const missing = (value: unknown): value is null | undefined => value === null || value === undefined;

export const fmt = (value: number | null | undefined, decimals = 1) =>
  missing(value) ? '–' : Number(value).toFixed(decimals);
export const signedFmt = (value: number | null | undefined) =>
  missing(value) ? '–' : `${value > 0 ? '+' : ''}${Number(value).toFixed(1)}`;
export const pct = (value: number | null | undefined) => (missing(value) ? '–' : `${Number(value).toFixed(1)} %`);

/** A time in the viewer's own zone, the UTC time on hover (and in the datetime attribute for machines). */
export function when(iso: string | undefined): Element | null {
  if (!iso) return null;
  const local = new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
  return h('time', { datetime: iso, title: `${iso.slice(0, 16).replace('T', ' ')} UTC` }, local);
}

/** A table in a focusable, named region, so a keyboard can scroll one wider than a phone (scrollable-region-focusable). */
export function dataTable(caption: string, head: string[], rows: Child[][], numeric: boolean[]): Element {
  const headRow = h(
    'tr',
    null,
    ...head.map((cell, i) => h('th', { scope: 'col', class: numeric[i] ? 'num' : null }, cell)),
  );
  const body = h(
    'tbody',
    null,
    ...rows.map((row) =>
      h(
        'tr',
        null,
        ...row.map((cell, i) =>
          h(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : null, class: numeric[i] ? 'num' : null }, cell),
        ),
      ),
    ),
  );
  const table = h('table', null, h('caption', { class: 'sr-only' }, caption), h('thead', null, headRow), body);
  return h('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': caption }, table);
}
