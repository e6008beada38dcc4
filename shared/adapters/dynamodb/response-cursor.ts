import { InvalidInput } from '../../domain/errors.ts';
import { INDEXES, type IndexName, tableDesign } from '../../topology/table.ts';
import type { PageKey } from './query-pages.ts';

/** The months from `to` back to `from` (`yyyy-mm`), newest first. */
export function monthsDescending(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = to.slice(0, 7).split('-').map(Number) as [number, number];
  const first = from.slice(0, 7);
  for (;;) {
    const label = `${year}-${String(month).padStart(2, '0')}`;
    if (label < first) return months;
    months.push(label);
    month -= 1;
    if (month === 0) {
      month = 12;
      year -= 1;
    }
  }
}

/** Where a page of answers stopped: the month partition (all-store queries) and the key within it. */
export interface Cursor {
  /** The month partition to continue in (all-store queries). */
  m?: string | undefined;
  k?: PageKey | undefined;
}

/**
 * A cursor's start key must be one of this query's own: the table's keys and the index's, in the partition queried.
 * Anything else would reach DynamoDB as a bad request (a 500); it is bad input, said so.
 */
export function checkStartKey(key: PageKey, name: IndexName, pk: string): void {
  const index = INDEXES[name];
  const names = Object.keys(key).sort();
  const expected = [tableDesign.partitionKey, tableDesign.sortKey, index.partitionKey, index.sortKey].sort();
  const ours =
    names.length === expected.length &&
    names.every((name, i) => name === expected[i]) &&
    key[index.partitionKey] === pk &&
    Object.values(key).every((value) => typeof value === 'string' && value.length > 0 && value.length <= 1024);
  if (!ours) throw new InvalidInput('cursor is not one this API handed out');
}

export const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');
export function decodeCursor(text: string | undefined): Cursor {
  if (text === undefined) return {};
  try {
    const cursor = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    const validMonth = cursor.m === undefined || /^\d{4}-\d{2}$/.test(cursor.m);
    const validKey =
      cursor.k === undefined ||
      (typeof cursor.k === 'object' &&
        cursor.k !== null &&
        Object.values(cursor.k).every((v) => typeof v === 'string'));
    if (typeof cursor === 'object' && cursor !== null && validMonth && validKey) return cursor;
  } catch {
    // falls through to the error below
  }
  throw new InvalidInput('cursor is not one this API handed out');
}
