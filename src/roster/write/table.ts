/**
 * The table model every report form is built as before it is rendered: a title, a few lines under it, the
 * columns, the rows and the sign-off lines below. Builders are pure; one renderer per format draws any table.
 */
import type { VerdictStatus } from '../../domain/status.js';

/** The output formats of a report. */
export type ReportFormat = 'xlsx' | 'csv' | 'json';

/** Every format, for help texts and argument checks. */
export const REPORT_FORMATS: readonly ReportFormat[] = ['xlsx', 'csv', 'json'];

/** A cell: text, or a number (a count) kept numeric so a spreadsheet can sum it. */
export type TableCell = string | number;

/** How a column is drawn. `status` cells are coloured by their row's status; `id` cells are kept as text. */
export type ColumnKind = 'text' | 'number' | 'status' | 'id';

export interface TableColumn {
  header: string;
  /** Width in characters (a Han character counts as about two). */
  width: number;
  kind?: ColumnKind;
}

export interface TableRow {
  cells: TableCell[];
  /** The status that colours this row's `status` column. */
  status?: VerdictStatus;
}

/**
 * Cells drawn as one (a form's header over two columns, a group's name down its rows): rows counted from the
 * header (0) through the body (1 …), columns from 0, both ends included. The merged cell shows the top-left
 * cell's value; the others are left blank in the rows.
 */
export interface TableMerge {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface ReportTable {
  title: string;
  /** Lines between the title and the header (填报单位, 检查日期 …). */
  meta: string[];
  columns: TableColumn[];
  rows: TableRow[];
  /** Lines after the rows (notes, sign-off lines such as 负责人： 填报人：). */
  footer: string[];
  /** Cells drawn as one, in the xlsx (csv keeps the blanks); a table with merges gets no auto-filter. */
  merges?: TableMerge[];
}

/** How a report is written for its reader. */
export interface ReportOptions {
  /** Full ID numbers (admins, the operator at the CLI); masked (110105********002X) otherwise. */
  fullIds: boolean;
}
