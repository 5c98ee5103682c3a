/**
 * The roster as read from a spreadsheet and the batch result that annotates it. Shared contract between the
 * reader (src/roster/read/), the batch runner (src/verify/batch.ts) and the writers (src/roster/write/).
 */
import type { ParsedQuery } from '../domain/query.js';
import type { Verdict } from '../domain/verdict.js';

/** What a roster column means to us. */
export type RosterColumn =
  | 'name'
  | 'idNumber'
  | 'certNumber'
  | 'item'
  | 'personType'
  | 'department'
  | 'enterprise'
  | 'appointedOn';

/** A whole roster file: every sheet that holds a roster, with file-level warnings in Chinese. */
export interface Roster {
  fileName: string;
  sheets: RosterSheet[];
  /** Skipped sheets, numbers stored as numbers, … (Chinese, for the user). */
  warnings: string[];
}

/** A block of merged cells, 1-based as Excel counts rows and columns. */
export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** A row kept as text only (a title above the header, a 填表人 line below the people). */
export interface TextRow {
  rowNumber: number;
  cells: string[];
}

/** One sheet (a csv file is one sheet) with its recognised header. */
export interface RosterSheet {
  name: string;
  /** 1-based row of the header, as Excel shows it. */
  headerRow: number;
  /** Header cells as written. */
  header: string[];
  /** 0-based column index of each recognised column. */
  columns: Partial<Record<RosterColumn, number>>;
  /** Which column was taken for what, e.g. "「身份证号码」列作为身份证号". */
  columnNotes: string[];
  /** Rows above the header (titles, notes) as displayed text, kept by the annotated-roster writer. */
  aboveHeader?: TextRow[];
  /** Lines below the header that hold no person (填表人：…, 合计 …): not checked, kept by the writer. */
  footerLines?: TextRow[];
  /** 0-based columns hidden in the roster, hidden again in the annotated roster. */
  hiddenColumns?: number[];
  /** Merged blocks of the roster, merged again in the annotated roster. */
  merges?: CellRange[];
  rows: RosterRow[];
}

/** One person row. A bad row is kept (with `problems`) and never stops the batch. */
export interface RosterRow {
  /** 1-based, as Excel shows it. */
  rowNumber: number;
  /** Displayed text of the row's columns (shorter than the header when its last cells are empty). */
  cells: string[];
  query: ParsedQuery;
  department?: string;
  enterprise?: string;
  /** Why the row is bad (invalid ID, missing name …), in Chinese; empty when fine. */
  problems: string[];
  /** The row is hidden in the roster (often a worker who left): checked, marked 隐藏行, kept hidden. */
  hidden?: true;
}

/** The verdict of one roster row. */
export interface BatchRowResult {
  sheet: string;
  row: RosterRow;
  verdict: Verdict;
}

/** A finished batch: every row of the roster with its verdict, in roster order. */
export interface BatchResult {
  roster: Roster;
  results: BatchRowResult[];
  /** ISO instants. */
  startedAt: string;
  finishedAt: string;
  /** The date the statuses were judged on (YYYY-MM-DD, China). */
  today: string;
}
