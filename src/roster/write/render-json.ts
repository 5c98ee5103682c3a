/**
 * The json renderer of report tables: the title, lines, column headers and one object per row keyed by
 * header (numbers stay numbers), plus the status word of rows that have one.
 */
import type { VerdictStatus } from '../../domain/status.js';
import type { ReportTable, TableCell } from './table.js';

/** The json shape of a rendered table. */
export interface TableJson {
  title: string;
  meta: string[];
  columns: string[];
  rows: Array<Record<string, TableCell> & { status?: VerdictStatus }>;
  footer: string[];
}

/** The table as json bytes (UTF-8, indented). */
export function renderJson(table: ReportTable): Buffer {
  const json: TableJson = {
    title: table.title,
    meta: table.meta,
    columns: table.columns.map((c) => c.header),
    rows: table.rows.map((r) => {
      const entries = table.columns.map((c, i): [string, TableCell] => [c.header, r.cells[i] ?? '']);
      return { ...Object.fromEntries(entries), ...(r.status ? { status: r.status } : {}) };
    }),
    footer: table.footer,
  };
  return Buffer.from(`${JSON.stringify(json, null, 2)}\n`, 'utf8');
}
