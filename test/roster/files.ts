/**
 * Builders of real roster files for the tests: xlsx through exceljs, csv in any charset through iconv-lite,
 * and hand-made zips whose central directory says what the test wants.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { checkCharacter } from '../../src/domain/id-number.js';

/** A valid 18-character resident ID: Beijing Dongcheng, born 1980-01-01 + n days in January, sequence n. */
export function validId(n: number): string {
  const day = String((n % 28) + 1).padStart(2, '0');
  const first17 = `1101011980${'01'}${day}${String(n % 1000).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

/** A sheet to write: rows of cell values (index 0 = column A), merges like 'A1:F1'. */
export interface SheetSpec {
  name: string;
  rows: ExcelJS.CellValue[][];
  merges?: string[];
  /** Column numbers (1-based) to format as text. */
  textColumns?: number[];
}

/** An xlsx file built with exceljs. */
export async function xlsx(sheets: SheetSpec[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const spec of sheets) {
    const ws = wb.addWorksheet(spec.name);
    for (const c of spec.textColumns ?? []) ws.getColumn(c).numFmt = '@';
    spec.rows.forEach((row, i) => {
      row.forEach((value, j) => {
        if (value !== undefined && value !== null) ws.getCell(i + 1, j + 1).value = value;
      });
    });
    for (const m of spec.merges ?? []) ws.mergeCells(m);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A csv text of rows, with a delimiter. */
export function csvText(rows: string[][], delimiter = ','): string {
  return `${rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(delimiter)).join('\r\n')}\r\n`;
}

/** Encode text in a charset, optionally with its BOM. */
export function encode(text: string, charset: 'utf8' | 'gbk' | 'utf16le' | 'utf16be', bom = false): Buffer {
  return iconv.encode(text, charset, { addBOM: bom });
}

/**
 * A zip whose central directory may claim other uncompressed sizes than the data. Entries are stored, or with
 * `method: 8` hold raw deflate bytes in `data` (then give `claimedSize`). CRCs are left 0 (readers skip them).
 */
export function craftZip(
  entries: Array<{ name: string; data: Buffer; claimedSize?: number; method?: 0 | 8 }>,
): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const size = e.claimedSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.method ?? 0, 8);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.method ?? 0, 10);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
