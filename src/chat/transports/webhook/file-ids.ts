/**
 * Whether a file about to go to a group holds a full ID number: a group robot posts to everyone in the group,
 * so a report with full numbers (a CLI export) must not go there. Spreadsheets are read cell by cell; any other
 * file is read as text.
 */
import ExcelJS from 'exceljs';
import { maskIdsInText } from '../../../domain/mask.js';

const ZIP_MAGIC = Buffer.from('PK\x03\x04', 'latin1');

/** True when the file's text (or any cell of a workbook) holds an 18- or 15-digit ID number in full. */
export async function fileHoldsFullId(data: Uint8Array): Promise<boolean> {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (!bytes.subarray(0, 4).equals(ZIP_MAGIC)) return holdsFullId(bytes.toString('utf8'));
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    // Another zip (not a workbook): its entries are compressed, so no number can be read from the bytes as they are.
    return false;
  }
  for (const sheet of workbook.worksheets) {
    let found = false;
    sheet.eachRow((row) => {
      row.eachCell((cell) => {
        if (!found && holdsFullId(cell.text)) found = true;
      });
    });
    if (found) return true;
  }
  return false;
}

function holdsFullId(text: string): boolean {
  return maskIdsInText(text) !== text;
}
