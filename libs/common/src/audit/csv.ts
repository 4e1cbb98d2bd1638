import type { FastifyReply } from 'fastify';

/** Leading characters a spreadsheet reads as the start of a formula (OWASP "CSV injection"). */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * One CSV cell: always quoted, and a leading `=`, `+`, `-`, `@`, TAB or CR prefixed with `'` so a
 * spreadsheet shows the text instead of running it as a formula.
 */
export function csvCell(value: unknown): string {
  const text = cellText(value);
  const safe = FORMULA_TRIGGERS.has(text.charAt(0)) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** A CSV document: a header line of the column names, then one line per row, `\n` after each. */
export function csvDocument<T>(columns: readonly (keyof T & string)[], rows: readonly T[]): string {
  const lines = [columns.join(','), ...rows.map((row) => columns.map((column) => csvCell(row[column])).join(','))];
  return `${lines.join('\n')}\n`;
}

/** Sends `columns` of `rows` as a CSV attachment named `filename`: every export answers the same way. */
export async function sendCsv<T>(
  reply: FastifyReply,
  filename: string,
  columns: readonly (keyof T & string)[],
  rows: readonly T[],
): Promise<void> {
  await reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .send(csvDocument(columns, rows));
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return value.toString();
  return typeof value === 'object' ? JSON.stringify(value) : '';
}
