/**
 * Reads the worksheets of an xlsx file as displayed text, row by row (merged cells repeat their value), with
 * the hidden rows and columns and the merged blocks the annotated roster keeps.
 */
import ExcelJS from 'exceljs';
import { InputError } from '../../domain/errors.js';
import type { CellRange } from '../types.js';
import { cellText } from './cell-text.js';
import { type RawSheet, trimRow } from './roster-sheet.js';

/** exceljs keeps a sheet's merged blocks in `_merges` (its public `model` would build every row's model again). */
type WithMerges = { _merges?: Record<string, { model: CellRange }> };

/** Every worksheet of the workbook with its non-empty rows. Throws InputError when exceljs cannot read it. */
export async function readXlsxSheets(bytes: Buffer): Promise<RawSheet[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs declares its own `Buffer` (an ArrayBuffer); at run time it takes a Node Buffer.
    await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch (cause) {
    throw new InputError('不是可读取的表格文件（无法读取这个 Excel 文件，可能已损坏或加密）', { cause });
  }
  return workbook.worksheets.map((worksheet) => {
    const sheet: RawSheet = { name: worksheet.name, rows: [] };
    worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: string[] = [];
      const digitsLost = new Set<number>();
      for (let c = 1; c <= row.cellCount; c++) {
        const shown = cellText(row.getCell(c).value);
        cells.push(shown.text);
        if (shown.digitsLost) digitsLost.add(c - 1);
      }
      const trimmed = trimRow(cells);
      if (trimmed.length > 0)
        sheet.rows.push({ rowNumber, cells: trimmed, digitsLost, ...(row.hidden && { hidden: true }) });
    });
    const hidden: number[] = [];
    for (let c = 1; c <= worksheet.columnCount; c++) if (worksheet.getColumn(c).hidden) hidden.push(c - 1);
    if (hidden.length > 0) sheet.hiddenColumns = hidden;
    const merges = Object.values((worksheet as unknown as WithMerges)._merges ?? {}).map((m) => ({
      ...m.model,
    }));
    if (merges.length > 0) sheet.merges = merges;
    return sheet;
  });
}
