/**
 * One entry point to render any report table in any format.
 */
import { assertNever } from '../../domain/status.js';
import { renderCsv } from './render-csv.js';
import { renderJson } from './render-json.js';
import { renderXlsx } from './render-xlsx.js';
import type { ReportFormat, ReportTable } from './table.js';

/** Render `table` as `format`; `sheetName` names the xlsx sheet. */
export async function renderTable(
  table: ReportTable,
  format: ReportFormat,
  sheetName: string,
): Promise<Buffer> {
  switch (format) {
    case 'xlsx':
      return renderXlsx(table, sheetName);
    case 'csv':
      return renderCsv(table);
    case 'json':
      return renderJson(table);
    default:
      return assertNever(format);
  }
}
