/**
 * CSV as RFC 4180 has it (CRLF between records; a field with a comma, quote, CR or LF quoted, its quotes doubled),
 * safe to open in a spreadsheet: a cell that starts like a formula (= + - @, or a tab or CR before one) gets an
 * apostrophe in front, so a comment such as `=HYPERLINK(…)` shows as text instead of running.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'string' ? value : String(value);
  const safe = typeof value === 'string' && FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const csvRecord = (values: readonly unknown[]) => `${values.map(csvCell).join(',')}\r\n`;
