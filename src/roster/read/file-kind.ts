/**
 * Which kind of spreadsheet a file is, told by its bytes (a name can lie, and some doors give none): an OLE2
 * compound file (Excel 97–2003 `.xls`, WPS `.et`), a zip holding an xlsx or an ODS workbook, or text (csv,
 * Excel's "Unicode 文本" `.txt`). Shared by the reader and the chat, which takes a file as a roster by its name
 * or by these bytes.
 */
import { looksLikeZip, readZipDirectory, type ZipEntry } from './zip-directory.js';

/** The formats a roster is read in, as the replies name them. */
export const SHEET_FORMATS = 'xlsx / xls / et / ods / csv';

/** Names of files taken as rosters. */
export const SHEET_FILE_NAME = /\.(xlsx|xlsm|xls|et|ods|csv|txt)$/i;

/** Names of workbooks (not text), whose bytes must then be a workbook. */
export const WORKBOOK_FILE_NAME = /\.(xlsx|xlsm|xls|et|ods)$/i;

/** The entry naming an ODS document's kind, and the kind of a spreadsheet. */
const ODS_MIMETYPE = 'application/vnd.oasis.opendocument.spreadsheet';

/** An OLE2 compound file: magic D0 CF 11 E0 A1 B1 1A E1. */
export function isOle2(bytes: Buffer): boolean {
  return bytes.length >= 8 && bytes.readUInt32BE(0) === 0xd0cf11e0 && bytes.readUInt32BE(4) === 0xa1b11ae1;
}

/** The workbook a zip holds by its entries' names: xlsx (or a WPS `.et` saved as one), ODS, or none. */
export function zipWorkbookKind(entries: readonly ZipEntry[]): 'xlsx' | 'ods' | undefined {
  const names = new Set(entries.map((e) => e.name));
  if (names.has('xl/workbook.xml')) return 'xlsx';
  if (['mimetype', 'content.xml', 'META-INF/manifest.xml'].every((n) => names.has(n))) return 'ods';
  return undefined;
}

/** Whether an ODS `mimetype` entry says spreadsheet (not an OpenDocument text or presentation). */
export function isOdsSpreadsheet(mimetype: Buffer): boolean {
  return mimetype.toString('latin1').trim() === ODS_MIMETYPE;
}

/**
 * Whether a received file is to be read as a roster: by its name, or, when the door gave it no extension, by
 * bytes that are a workbook (a `.doc` is OLE2 too, but says what it is).
 */
export function isSheetFile(name: string, bytes: Buffer): boolean {
  if (SHEET_FILE_NAME.test(name)) return true;
  if (/\.[a-z0-9]{1,5}$/i.test(name)) return false;
  if (isOle2(bytes)) return true;
  const entries = looksLikeZip(bytes) ? readZipDirectory(bytes) : undefined;
  return entries !== undefined && zipWorkbookKind(entries) !== undefined;
}
