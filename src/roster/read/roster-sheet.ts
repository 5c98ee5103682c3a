/**
 * Builds a roster sheet from the rows of one worksheet or csv file: finds the header, reads every person row,
 * and says which rows hold IDs that were stored as numbers.
 */
import type { CellRange, RosterSheet } from '../types.js';
import { isFooterLine } from './footer-line.js';
import { findHeader, HEADER_SEARCH_ROWS } from './header.js';
import { DIGITS_LOST_PROBLEM, type RawRow, toRosterRow } from './roster-row.js';

/** The rows of one worksheet (or a csv file), non-empty ones only, as displayed text. */
export interface RawSheet {
  name: string;
  rows: RawRow[];
  /** 0-based columns hidden in the sheet. */
  hiddenColumns?: number[];
  /** Merged blocks; their cells all read as the block's value. */
  merges?: CellRange[];
}

/**
 * A row's cells without the empty ones at its end (an empty styled cell counts in one workbook format and not
 * in another), so a roster reads alike whatever format it was saved in.
 */
export function trimRow(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === '') end--;
  return end === cells.length ? cells : cells.slice(0, end);
}

/** The sheet as a roster, or the warning saying why it was skipped. */
export type SheetOutcome = { sheet: RosterSheet; warnings: string[] } | { skipped: string };

const ROWS_LISTED = 10;

/** Read a raw sheet as a roster; `today` (YYYY-MM-DD, China) bounds the birth dates in ID numbers. */
export function buildSheet(raw: RawSheet, today: string): SheetOutcome {
  const top = raw.rows.filter((r) => r.rowNumber <= HEADER_SEARCH_ROWS);
  const header = findHeader(top.map((r) => r.cells));
  const headerRaw = header ? top[header.index] : undefined;
  if (!header || !headerRaw) {
    return {
      skipped: `工作表「${raw.name}」前 ${HEADER_SEARCH_ROWS} 行没有找到身份证号或证书编号列，已跳过`,
    };
  }
  const sheet: RosterSheet = {
    name: raw.name,
    headerRow: headerRaw.rowNumber,
    header: headerRaw.cells,
    columns: header.columns,
    columnNotes: header.notes,
    rows: [],
  };
  if (raw.hiddenColumns?.length) sheet.hiddenColumns = raw.hiddenColumns;
  if (raw.merges?.length) sheet.merges = raw.merges;
  const above = raw.rows.filter((r) => r.rowNumber < headerRaw.rowNumber);
  if (above.length > 0) sheet.aboveHeader = above.map(({ rowNumber, cells }) => ({ rowNumber, cells }));
  const idColumn = header.columns.idNumber ?? header.columns.certNumber;
  for (const rawRow of raw.rows) {
    if (rawRow.rowNumber <= headerRaw.rowNumber) continue;
    if (idColumn !== undefined && rawRow.cells[idColumn] === headerRaw.cells[idColumn]) continue; // header repeated
    if (isFooterLine(rawRow.cells)) {
      sheet.footerLines = [
        ...(sheet.footerLines ?? []),
        { rowNumber: rawRow.rowNumber, cells: rawRow.cells },
      ];
      continue;
    }
    const row = toRosterRow(rawRow, header.columns, today);
    if (row) sheet.rows.push(row);
  }
  return { sheet, warnings: digitsLostWarnings(sheet) };
}

function digitsLostWarnings(sheet: RosterSheet): string[] {
  const lost = sheet.rows.filter((r) => r.problems.includes(DIGITS_LOST_PROBLEM));
  if (lost.length === 0) return [];
  const rows = lost.map((r) => r.rowNumber);
  const listed =
    rows.slice(0, ROWS_LISTED).join('、') + (rows.length > ROWS_LISTED ? ` 等 ${rows.length} 行` : ' 行');
  const lengths = new Set(lost.map((r) => typedLength(r.query.input)));
  const which = lengths.size === 1 && lengths.has(18) ? '后 3 位' : '第 15 位以后的数字';
  return [
    `工作表「${sheet.name}」第 ${listed}的身份证号在 Excel 中存成了数字，${which}已丢失（Excel 只保留 15 位有效数字）：请把该列设为文本后重新输入这些号码`,
  ];
}

/** How many digits a number stored as a number had: 440104199005170000 or 4.40104199005170E+17 both 18. */
function typedLength(text: string): number {
  const scientific = /^\d(?:\.\d+)?E\+?(\d+)$/i.exec(text);
  return scientific ? Number(scientific[1]) + 1 : text.length;
}
