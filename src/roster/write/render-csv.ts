/**
 * The csv renderer of report tables: UTF-8 with a byte-order mark (so Excel reads Chinese correctly), CRLF
 * lines, RFC 4180 quoting, every text cell neutralised against formula injection. The title, the lines under
 * it and the sign-off lines are one-cell rows around the table.
 */
import { neutraliseFormula } from './cell-safety.js';
import type { ReportTable, TableCell } from './table.js';

const BOM = '\uFEFF';

/** One csv field. */
function field(value: TableCell): string {
  if (typeof value === 'number') return String(value);
  const text = neutraliseFormula(value);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The table as csv bytes. */
export function renderCsv(table: ReportTable): Buffer {
  const lines: TableCell[][] = [
    [table.title],
    ...table.meta.map((m) => [m]),
    table.columns.map((c) => c.header),
    ...table.rows.map((r) => table.columns.map((_, i) => r.cells[i] ?? '')),
    ...table.footer.map((f) => [f]),
  ];
  return Buffer.from(`${BOM + lines.map((cells) => cells.map(field).join(',')).join('\r\n')}\r\n`, 'utf8');
}
