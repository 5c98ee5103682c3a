/**
 * Reads the worksheets of an xlsx file as displayed text, row by row (merged cells repeat their value).
 */
import ExcelJS from 'exceljs';
import { InputError } from '../../domain/errors.js';
import { cellText } from './cell-text.js';
import type { RawSheet } from './roster-sheet.js';

/** Every worksheet of the workbook with its non-empty rows. Throws InputError when exceljs cannot read it. */
export async function readXlsxSheets(bytes: Buffer): Promise<RawSheet[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs declares its own `Buffer` (an ArrayBuffer); at run time it takes a Node Buffer.
    await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch (cause) {
    throw new InputError('不是有效的 xlsx/csv 文件（无法读取这个 Excel 文件，可能已损坏或加密）', { cause });
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
      if (cells.some((t) => t !== '')) sheet.rows.push({ rowNumber, cells, digitsLost });
    });
    return sheet;
  });
}
