/**
 * Reads the workbooks exceljs cannot — Excel 97–2003 `.xls`, WPS `.et` (the same OLE2 format in its compatible
 * mode) and LibreOffice `.ods` — with SheetJS (`@e965/xlsx`), into the same displayed text as the xlsx reader:
 * numbers and dates written by cell-text.ts, merged cells repeating their value, trailing empty cells dropped,
 * hidden rows and columns and the merged blocks kept. The file has passed its size checks before it gets here.
 */
import * as XLSX from '@e965/xlsx';
import { InputError } from '../../domain/errors.js';
import type { CellRange } from '../types.js';
import { type CellText, dateText, numberText } from './cell-text.js';
import type { OdsTableLayout } from './ods-content.js';
import { type RawSheet, trimRow } from './roster-sheet.js';

/** What reading gave: the sheets, and the first sheet cut at the row bound (rows in its range), if any. */
export interface SheetJsRead {
  sheets: RawSheet[];
  cut?: { sheet: string; rows: number };
}

/** Excel's day 0 (1900 system, its leap-year bug included) and the 1904 system's, as Unix days. */
const EPOCH_1900 = -25569;
const EPOCH_1904 = -24107;
const DAY_MS = 86_400_000;

/**
 * The sheets of an OLE2 or ODS workbook, at most `maxRows` rows of each; `layout` gives what SheetJS does not
 * read of an ODS (its hidden rows and columns). Throws InputError when the file cannot be read.
 */
export function readSheetJsSheets(bytes: Buffer, maxRows: number, layout?: OdsTableLayout[]): SheetJsRead {
  const workbook = parse(bytes, maxRows);
  const date1904 = Boolean(workbook.Workbook?.WBProps?.date1904);
  const read: SheetJsRead = { sheets: [] };
  workbook.SheetNames.forEach((name, index) => {
    const worksheet = workbook.Sheets[name];
    if (!worksheet) return;
    read.sheets.push(toRawSheet(name, worksheet, date1904, layout?.[index]));
    const full = worksheet['!fullref'];
    if (full && !read.cut) {
      const rows = XLSX.utils.decode_range(full).e.r + 1;
      if (rows > maxRows) read.cut = { sheet: name, rows };
    }
  });
  return read;
}

function parse(bytes: Buffer, maxRows: number): XLSX.WorkBook {
  // SheetJS reports the ODS number styles it only approximates on console.error; they change no cell's value.
  const { error } = console;
  console.error = (...args: unknown[]) => {
    if (!String(args[0]).startsWith('ODS number format')) error(...args);
  };
  try {
    return XLSX.read(bytes, {
      type: 'buffer',
      dense: true,
      cellStyles: true,
      cellText: false,
      cellHTML: false,
      sheetRows: maxRows,
    });
  } catch (cause) {
    throw new InputError('不是可读取的表格文件（无法读取这个工作簿，可能已损坏或加密）', { cause });
  } finally {
    console.error = error;
  }
}

function toRawSheet(
  name: string,
  worksheet: XLSX.WorkSheet,
  date1904: boolean,
  layout: OdsTableLayout | undefined,
): RawSheet {
  const data: Array<Array<XLSX.CellObject | undefined> | undefined> = worksheet['!data'] ?? [];
  const merges = (worksheet['!merges'] ?? []).map(
    (m): CellRange => ({ top: m.s.r + 1, left: m.s.c + 1, bottom: m.e.r + 1, right: m.e.c + 1 }),
  );
  const texts = data.map((row) => (row ?? []).map((cell) => shownText(cell, date1904)));
  for (const m of merges) {
    const master = texts[m.top - 1]?.[m.left - 1];
    if (!master) continue;
    for (let r = m.top - 1; r < m.bottom; r++) {
      const row = texts[r];
      if (!row) continue;
      for (let c = m.left - 1; c < m.right; c++) row[c] = master;
    }
  }
  const hiddenRows = new Set<number>();
  (worksheet['!rows'] ?? []).forEach((info, r) => {
    if (info?.hidden) hiddenRows.add(r + 1);
  });
  const isHidden = (rowNumber: number) =>
    hiddenRows.has(rowNumber) ||
    (layout?.hiddenRows.some((h) => rowNumber >= h.from && rowNumber < h.from + h.count) ?? false);

  const sheet: RawSheet = { name, rows: [] };
  texts.forEach((row, r) => {
    const cells = trimRow(row.map((t) => t.text));
    if (cells.length === 0) return;
    const digitsLost = new Set<number>();
    row.forEach((t, c) => {
      if (t.digitsLost) digitsLost.add(c);
    });
    sheet.rows.push({ rowNumber: r + 1, cells, digitsLost, ...(isHidden(r + 1) && { hidden: true }) });
  });
  const hiddenColumns = layout
    ? layout.hiddenColumns
    : (worksheet['!cols'] ?? []).flatMap((col, c) => (col?.hidden ? [c] : []));
  if (hiddenColumns.length > 0) sheet.hiddenColumns = hiddenColumns;
  if (merges.length > 0) sheet.merges = merges;
  return sheet;
}

const EMPTY: CellText = { text: '', digitsLost: false };

/** The text of a SheetJS cell as the xlsx reader writes the same cell. */
function shownText(cell: XLSX.CellObject | undefined, date1904: boolean): CellText {
  if (!cell) return EMPTY;
  switch (cell.t) {
    case 's':
      return { text: String(cell.v ?? '').trim(), digitsLost: false };
    case 'n': {
      const n = cell.v as number;
      if (cell.z !== undefined && XLSX.SSF.is_date(cell.z)) {
        return {
          text: dateText(new Date(((date1904 ? EPOCH_1904 : EPOCH_1900) + n) * DAY_MS)),
          digitsLost: false,
        };
      }
      return numberText(n);
    }
    case 'b':
      return { text: cell.v ? 'TRUE' : 'FALSE', digitsLost: false };
    case 'd':
      return { text: dateText(cell.v as Date), digitsLost: false };
    case 'e':
      return { text: XLSX.utils.format_cell(cell), digitsLost: false };
    default:
      return EMPTY;
  }
}
