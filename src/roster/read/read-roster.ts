/**
 * Reads a roster file (xlsx; xls, WPS et or ods; or csv in UTF-8 / GBK / UTF-16) into sheets of person rows.
 * The file's kind is told by its bytes, not its name, and the size limits are enforced before any parser runs:
 * a zip (xlsx, ods) is refused by the uncompressed sizes its directory declares, and each entry is then inflated
 * no further than its declared size, so a zip bomb — honest or lying about its sizes — never reaches the
 * workbook parser; an ODS is also refused by the rows and cells its repeat counts expand to; an OLE2 file
 * (xls, et) is held to the byte limit and read no further than the row limit.
 */
import type { Config } from '../../config/schema.js';
import { todayInChina } from '../../domain/dates.js';
import { InputError } from '../../domain/errors.js';
import type { Roster } from '../types.js';
import { readCsvSheet } from './csv-sheet.js';
import { decodeText } from './decode-text.js';
import { isOdsSpreadsheet, isOle2, SHEET_FORMATS, WORKBOOK_FILE_NAME, zipWorkbookKind } from './file-kind.js';
import { HEADER_SEARCH_ROWS } from './header.js';
import { scanOdsContent } from './ods-content.js';
import { buildSheet, type RawSheet } from './roster-sheet.js';
import { readSheetJsSheets, type SheetJsRead } from './sheetjs-sheets.js';
import { readXlsxSheets } from './xlsx-sheets.js';
import { looksLikeZip, readZipDirectory, type ZipEntry } from './zip-directory.js';
import { checkZipEntries, unpackEntry } from './zip-entries-check.js';

/** A roster file as received. */
export interface RosterFile {
  name: string;
  bytes: Buffer;
}

/** The limits a roster is read under (config.batch). */
export type RosterLimits = Pick<Config['batch'], 'maxRows' | 'maxFileBytes' | 'maxUncompressedBytes'>;

const NOT_A_ROSTER = `不是可读取的表格文件（${SHEET_FORMATS}）`;

/** Cells a row may hold, as an xls sheet's columns: an ODS expanding to more is refused before it is parsed. */
const MAX_CELLS_PER_ROW = 256;

/**
 * Read a roster. `today` (YYYY-MM-DD, China) bounds the birth dates in ID numbers. Throws InputError (Chinese)
 * for a file that is too big, not a spreadsheet, or holds no roster.
 */
export async function readRoster(
  file: RosterFile,
  limits: RosterLimits,
  today: string = todayInChina(),
): Promise<Roster> {
  const rawSheets = await readSheets(file, limits);
  const roster: Roster = { fileName: file.name, sheets: [], warnings: [] };
  for (const raw of rawSheets) {
    const outcome = buildSheet(raw, today);
    if ('skipped' in outcome) {
      roster.warnings.push(outcome.skipped);
      continue;
    }
    roster.sheets.push(outcome.sheet);
    roster.warnings.push(...outcome.warnings);
  }
  if (roster.sheets.length === 0) {
    const seen = rawSheets.map((s) => `「${s.name}」`).join('、') || '（无）';
    throw new InputError(
      `「${file.name}」里没有找到人员名单：需要一行表头，含“身份证号”或“证书编号”列（已查看的工作表：${seen}）`,
    );
  }
  const people = roster.sheets.reduce((n, s) => n + s.rows.length, 0);
  if (people > limits.maxRows) throw tooManyRows(people, limits.maxRows);
  return roster;
}

/**
 * The sheets of a spreadsheet file as displayed text (the roster's first step, also the ledger import's):
 * size limits first, the kind told by the bytes, csv decoded by its detected charset. Throws InputError.
 */
export async function readSheets(file: RosterFile, limits: RosterLimits): Promise<RawSheet[]> {
  const { bytes } = file;
  if (bytes.length === 0) throw new InputError(`「${file.name}」是空文件`);
  if (bytes.length > limits.maxFileBytes) {
    throw new InputError(
      `文件太大（${megabytes(bytes.length)}），单个名单最大 ${megabytes(limits.maxFileBytes)}，请拆分后再发`,
    );
  }
  if (isOle2(bytes)) return checkedRows(readOle2Sheets(bytes, limits), limits);
  if (looksLikeZip(bytes)) return checkedRows(await readZipWorkbook(file, limits), limits);
  if (WORKBOOK_FILE_NAME.test(file.name))
    throw new InputError(`${NOT_A_ROSTER}：「${file.name}」的内容不是 Excel、WPS 或 ODS 工作簿`);
  const decoded = decodeText(bytes);
  if (!decoded) throw new InputError(`${NOT_A_ROSTER}：「${file.name}」的内容不是文本表格`);
  const lines = countFilledLines(decoded.text);
  if (lines > limits.maxRows + HEADER_SEARCH_ROWS) throw tooManyRows(lines, limits.maxRows);
  return [readCsvSheet(decoded.text, file.name.replace(/\.[^.]*$/, '') || file.name)];
}

/** Rows read from a sheet of an OLE2 or ODS workbook at most: the roster's limit and room for its header. */
function sheetRowBound(limits: RosterLimits): number {
  return limits.maxRows + HEADER_SEARCH_ROWS;
}

/**
 * An `.xls` or `.et` (OLE2): its size was held against the byte limit; its rows are read no further than the
 * roster's limit, and a sheet whose range goes further is refused.
 */
function readOle2Sheets(bytes: Buffer, limits: RosterLimits): RawSheet[] {
  return uncut(readSheetJsSheets(bytes, sheetRowBound(limits)), limits);
}

/** The sheets SheetJS read, refused when one was cut at the row bound: its people below would be lost. */
function uncut(read: SheetJsRead, limits: RosterLimits): RawSheet[] {
  if (read.cut) {
    throw new InputError(
      `工作表「${read.cut.sheet}」有 ${read.cut.rows} 行，超过单次上限 ${limits.maxRows} 行：请拆分成几个文件，或删除名单下方多余的行后再发`,
    );
  }
  return read.sheets;
}

/** An xlsx or ODS (a WPS `.et` may be either): the zip's declared and real sizes first, then the parser. */
async function readZipWorkbook(file: RosterFile, limits: RosterLimits): Promise<RawSheet[]> {
  const { bytes } = file;
  const entries = checkZipDirectory(bytes, limits);
  const kind = zipWorkbookKind(entries);
  if (!kind) {
    throw new InputError(`${NOT_A_ROSTER}：压缩包里没有 Excel 或 ODS 工作簿（是 Word 或其他压缩文件？）`);
  }
  await checkZipEntries(bytes, entries);
  if (kind === 'xlsx') return readXlsxSheets(bytes);
  const entry = (name: string) => entries.find((e) => e.name === name) as ZipEntry;
  if (!isOdsSpreadsheet(await unpackEntry(bytes, entry('mimetype')))) {
    throw new InputError(`${NOT_A_ROSTER}：「${file.name}」是 OpenDocument 文档，但不是表格（ODS）`);
  }
  const content = scanOdsContent((await unpackEntry(bytes, entry('content.xml'))).toString('utf8'));
  const rowLimit = limits.maxRows + HEADER_SEARCH_ROWS * Math.max(1, content.tables.length);
  if (content.filledRows > rowLimit) throw tooManyRows(content.filledRows, limits.maxRows);
  if (content.filledCells > rowLimit * MAX_CELLS_PER_ROW) {
    throw new InputError(
      `${NOT_A_ROSTER}：「${file.name}」展开后约有 ${content.filledCells} 个单元格（重复行列），远超名单所需，已拒绝读取`,
    );
  }
  return uncut(readSheetJsSheets(bytes, sheetRowBound(limits), content.tables), limits);
}

/** The rows of all sheets held against the limit (each sheet may add its header rows). */
function checkedRows(sheets: RawSheet[], limits: RosterLimits): RawSheet[] {
  const rows = sheets.reduce((n, s) => n + s.rows.length, 0);
  if (rows > limits.maxRows + HEADER_SEARCH_ROWS * sheets.length) throw tooManyRows(rows, limits.maxRows);
  return sheets;
}

/** The zip's directory must be readable, and what it declares it unpacks to must stay within the limit. */
function checkZipDirectory(bytes: Buffer, limits: RosterLimits): ZipEntry[] {
  const entries = readZipDirectory(bytes);
  if (!entries) throw new InputError(`${NOT_A_ROSTER}：压缩包已损坏`);
  const total = entries.reduce((n, e) => n + e.uncompressedSize, 0);
  if (total > limits.maxUncompressedBytes) {
    throw new InputError(
      `文件解压后过大（声明 ${megabytes(total)}，上限 ${megabytes(limits.maxUncompressedBytes)}），已拒绝读取：请只保留名单所在的工作表后再发`,
    );
  }
  return entries;
}

/** Lines holding more than white space, counted without splitting (a file of blank lines may be millions long). */
function countFilledLines(text: string): number {
  let count = 0;
  for (let start = 0; start < text.length; ) {
    const end = text.indexOf('\n', start);
    const stop = end < 0 ? text.length : end;
    for (let i = start; i < stop; i++) {
      if (text.charCodeAt(i) > 0x20) {
        count++;
        break;
      }
    }
    start = stop + 1;
  }
  return count;
}

function tooManyRows(rows: number, max: number): InputError {
  return new InputError(`名单约 ${rows} 行，超过单次上限 ${max} 行，请拆分成几个文件后再发`);
}

function megabytes(n: number): string {
  return `${(n / 1_048_576).toFixed(1)} MB`;
}
