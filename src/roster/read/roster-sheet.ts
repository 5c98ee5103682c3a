/**
 * Builds a roster sheet from the rows of one worksheet or csv file: finds the header, reads every person row,
 * and says which rows hold IDs that were stored as numbers.
 */
import type { RosterSheet } from '../types.js';
import { findHeader, HEADER_SEARCH_ROWS } from './header.js';
import { DIGITS_LOST_PROBLEM, type RawRow, toRosterRow } from './roster-row.js';

/** The rows of one worksheet (or a csv file), non-empty ones only, as displayed text. */
export interface RawSheet {
  name: string;
  rows: RawRow[];
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
  const above = raw.rows.filter((r) => r.rowNumber < headerRaw.rowNumber);
  if (above.length > 0) sheet.aboveHeader = above.map(({ rowNumber, cells }) => ({ rowNumber, cells }));
  const idColumn = header.columns.idNumber ?? header.columns.certNumber;
  for (const rawRow of raw.rows) {
    if (rawRow.rowNumber <= headerRaw.rowNumber) continue;
    if (idColumn !== undefined && rawRow.cells[idColumn] === headerRaw.cells[idColumn]) continue; // header repeated
    const row = toRosterRow(rawRow, header.columns, today);
    if (row) sheet.rows.push(row);
  }
  return { sheet, warnings: digitsLostWarnings(sheet) };
}

function digitsLostWarnings(sheet: RosterSheet): string[] {
  const rows = sheet.rows.filter((r) => r.problems.includes(DIGITS_LOST_PROBLEM)).map((r) => r.rowNumber);
  if (rows.length === 0) return [];
  const listed =
    rows.slice(0, ROWS_LISTED).join('、') + (rows.length > ROWS_LISTED ? ` 等 ${rows.length} 行` : ' 行');
  return [
    `工作表「${sheet.name}」第 ${listed}的身份证号以数字形式保存，末尾几位已丢失：请把身份证号列设为文本格式后重新填写这些号码`,
  ];
}
