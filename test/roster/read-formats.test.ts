/**
 * The same roster saved by LibreOffice as xlsx, xls, et (its OLE2 "MS Excel 97" filter, as WPS saves .et in
 * compatible mode) and ods (test/fixtures/rosters, made by make.ts) reads to the same rows, and what each
 * format's reader must refuse before parsing is refused.
 */
import { readFile } from 'node:fs/promises';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readRoster, readSheets } from '../../src/roster/read/read-roster.js';
import { HIDDEN_ROW, LONG_ROSTER_PEOPLE, NUMBER_ID_ROW, PEOPLE } from '../fixtures/rosters/make.js';
import { craftZip } from './files.js';

const limits = { maxRows: 10, maxFileBytes: 5_000_000, maxUncompressedBytes: 50_000_000 };
const TODAY = '2026-06-01';
const FORMATS = ['xlsx', 'xls', 'et', 'ods'] as const;
const FOOTER = '填表人：李明　审核人：王强　联系电话：0571-88886666';

async function fixture(name: string): Promise<{ name: string; bytes: Buffer }> {
  return { name, bytes: await readFile(new URL(`../fixtures/rosters/${name}`, import.meta.url)) };
}

describe('a roster saved as xlsx, xls, et and ods', () => {
  it('reads to identical rows: dates, numbers and text as the xlsx path gives them', async () => {
    const [xlsx, ...others] = await Promise.all(
      FORMATS.map((f) => fixture(`花名册.${f}`).then((file) => readSheets(file, limits))),
    );
    for (const other of others) expect(other).toEqual(xlsx);
    const sheet = xlsx![0]!;
    const people = sheet.rows.filter((r) => r.rowNumber >= 3 && r.rowNumber < 3 + PEOPLE.length);
    expect(people.map((r) => r.cells.slice(1, 7))).toEqual(
      PEOPLE.map((p, i) => [
        p.name,
        i + 3 === NUMBER_ID_ROW ? `${p.id.slice(0, 15)}000` : p.id,
        p.department,
        p.item,
        p.hired,
        String(p.years),
      ]),
    );
    expect(sheet.hiddenColumns).toEqual([7]);
    expect(sheet.merges).toEqual(
      expect.arrayContaining([
        { top: 1, left: 1, bottom: 1, right: 8 },
        { top: 3, left: 4, bottom: 4, right: 4 },
        { top: 9, left: 1, bottom: 9, right: 8 },
      ]),
    );
    expect(sheet.rows.filter((r) => r.hidden).map((r) => r.rowNumber)).toEqual([HIDDEN_ROW]);
  });

  it.each(FORMATS)(
    '%s: the footer is no person, the hidden row is marked, the ID stored as a number named by its row',
    async (format) => {
      const roster = await readRoster(await fixture(`花名册.${format}`), limits, TODAY);
      const sheet = roster.sheets[0]!;
      expect(sheet.rows.map((r) => r.query.name)).toEqual(PEOPLE.map((p) => p.name));
      expect(sheet.footerLines?.map((l) => [l.rowNumber, l.cells[0]])).toEqual([[9, FOOTER]]);
      expect(sheet.rows.find((r) => r.rowNumber === HIDDEN_ROW)?.hidden).toBe(true);
      expect(sheet.rows.filter((r) => r.problems.length > 0).map((r) => r.rowNumber)).toEqual([
        NUMBER_ID_ROW,
      ]);
      expect(roster.warnings).toEqual([
        `工作表「花名册」第 ${NUMBER_ID_ROW} 行的身份证号在 Excel 中存成了数字，后 3 位已丢失（Excel 只保留 15 位有效数字）：请把该列设为文本后重新输入这些号码`,
      ]);
    },
  );
});

/** An ODS zip around a content.xml holding `table`, with the spreadsheet mimetype unless told otherwise. */
function ods(table: string, mimetype = 'application/vnd.oasis.opendocument.spreadsheet'): Buffer {
  const content = `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="名单">${table}</table:table></office:spreadsheet></office:body></office:document-content>`;
  const data = deflateRawSync(Buffer.from(content));
  return craftZip([
    { name: 'mimetype', data: Buffer.from(mimetype) },
    { name: 'content.xml', data, claimedSize: Buffer.byteLength(content), method: 8 },
    { name: 'META-INF/manifest.xml', data: Buffer.from('<manifest:manifest/>') },
    { name: 'styles.xml', data: Buffer.from('<office:document-styles/>') },
  ]);
}

const cell = (text: string, attributes = '') =>
  `<table:table-cell office:value-type="string"${attributes}><text:p>${text}</text:p></table:table-cell>`;
const HEADER_ROW = `<table:table-row>${cell('姓名')}${cell('身份证号')}</table:table-row>`;

describe('refused before parsing', () => {
  it('an xls with more rows than the limit', async () => {
    await expect(readSheets(await fixture('长名单.xls'), limits)).rejects.toThrow(
      `有 ${LONG_ROSTER_PEOPLE + 1} 行，超过单次上限 10 行`,
    );
  });

  it('an ods whose row repeats expand to a million filled rows', async () => {
    const bomb = ods(
      `${HEADER_ROW}<table:table-row table:number-rows-repeated="1000000">${cell('张三')}</table:table-row>`,
    );
    await expect(readSheets({ name: '名单.ods', bytes: bomb }, limits)).rejects.toThrow(
      /名单约 1000001 行，超过单次上限/,
    );
  });

  it('an ods whose column repeats expand to millions of cells', async () => {
    const wide = ods(
      `${HEADER_ROW}<table:table-row>${cell('张三', ' table:number-columns-repeated="16384"')}</table:table-row>`.repeat(
        1,
      ),
    );
    await expect(readSheets({ name: '名单.ods', bytes: wide }, { ...limits, maxRows: 1 })).rejects.toThrow(
      /展开后约有 16386 个单元格/,
    );
  });

  it('an ods whose person lies below the row limit, past empty rows, rather than losing him', async () => {
    const empty =
      '<table:table-row table:number-rows-repeated="50"><table:table-cell table:number-columns-repeated="2"/></table:table-row>';
    const sparse = ods(
      `${HEADER_ROW}${empty}<table:table-row>${cell('张三')}${cell(PEOPLE[0]!.id)}</table:table-row>`,
    );
    await expect(readSheets({ name: '名单.ods', bytes: sparse }, limits)).rejects.toThrow(
      /工作表「名单」有 52 行，超过单次上限 10 行/,
    );
  });

  it('an OpenDocument text named .ods', async () => {
    const text = ods(HEADER_ROW, 'application/vnd.oasis.opendocument.text');
    await expect(readSheets({ name: '名单.ods', bytes: text }, limits)).rejects.toThrow(/不是表格（ODS）/);
  });

  it('reads a small hand-made ods, its hidden row marked', async () => {
    const small = ods(
      `${HEADER_ROW}<table:table-row table:visibility="collapse">${cell('张三')}${cell(PEOPLE[0]!.id)}</table:table-row>`,
    );
    const [sheet] = await readSheets({ name: '名单.ods', bytes: small }, limits);
    expect(sheet!.rows.map((r) => [r.rowNumber, r.cells, r.hidden ?? false])).toEqual([
      [1, ['姓名', '身份证号'], false],
      [2, ['张三', PEOPLE[0]!.id], true],
    ]);
  });
});
