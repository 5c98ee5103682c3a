/**
 * The annotated roster: every roster sheet written back with its original columns (and the rows above the
 * header, as text, at their original row numbers) followed by the verification columns, status cells coloured,
 * header frozen with an auto-filter; a 汇总 sheet in front. ID numbers are masked unless `fullIds`.
 */

import { Writable } from 'node:stream';
import type { Worksheet } from 'exceljs';
import ExcelJS from 'exceljs';
import { formatChinaTime } from '../../domain/dates.js';
import { maskId } from '../../domain/mask.js';
import { statusLabel } from '../../domain/status.js';
import type { BatchResult, BatchRowResult, RosterSheet } from '../types.js';
import { addTableSheet } from './render-xlsx.js';
import { displayText, sourceLabel } from './report-rows.js';
import { buildRosterSummary } from './roster-summary.js';
import type { ReportOptions, TableCell } from './table.js';
import { cellStyle, displayWidth, setCellValue, sheetLayout, sheetNameFor } from './xlsx-style.js';

/** The verification columns appended after the roster's own, with their widths. */
export const ANNOTATION_COLUMNS: ReadonlyArray<{ header: string; width: number }> = [
  { header: '核验结果', width: 12 },
  { header: '说明', width: 40 },
  { header: '作业类别', width: 16 },
  { header: '操作项目', width: 22 },
  { header: '有效期至', width: 12 },
  { header: '应复审日期', width: 12 },
  { header: '实际复审日期', width: 13 },
  { header: '数据来源', width: 18 },
  { header: '核验时间', width: 17 },
];

/** Rows sampled to size the roster's own columns. */
const WIDTH_SAMPLE_ROWS = 200;

/**
 * The annotated roster as xlsx bytes. Streamed: each row is written out as it is made (a 10,000-row roster
 * built whole in exceljs took some 180 MB); only the compressed file is kept.
 */
export async function writeAnnotatedRoster(result: BatchResult, options: ReportOptions): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: sink,
    useStyles: true,
    useSharedStrings: true,
  });
  const taken = new Set<string>();
  const summary = addTableSheet(workbook, '汇总', buildRosterSummary(result), taken);
  taken.add(summary.name.toLowerCase());
  summary.commit();
  const bySheet = new Map<string, BatchRowResult[]>();
  for (const r of result.results) {
    const list = bySheet.get(r.sheet);
    if (list) list.push(r);
    else bySheet.set(r.sheet, [r]);
  }
  for (const sheet of result.roster.sheets) {
    const name = sheetNameFor(sheet.name, taken);
    taken.add(name.toLowerCase());
    const target = workbook.addWorksheet(name, sheetLayout(sheet.headerRow));
    writeSheet(target, sheet, bySheet.get(sheet.name) ?? [], result.finishedAt, options);
    target.commit();
  }
  await workbook.commit();
  return Buffer.concat(chunks);
}

/** Fill `target`, a streamed sheet: column widths first, then the rows in order, each committed once made. */
function writeSheet(
  target: Worksheet,
  sheet: RosterSheet,
  results: readonly BatchRowResult[],
  finishedAt: string,
  options: ReportOptions,
): void {
  const own = results.reduce((n, r) => Math.max(n, r.row.cells.length), sheet.header.length);
  const idColumns = [sheet.columns.idNumber, sheet.columns.certNumber].filter(
    (c): c is number => c !== undefined,
  );
  const showCell = (text: string, column: number) =>
    options.fullIds || !idColumns.includes(column) || text === '' ? text : maskId(text);

  for (let i = 0; i < own; i++) {
    const sample = results.slice(0, WIDTH_SAMPLE_ROWS).map((r) => displayWidth(r.row.cells[i] ?? ''));
    target.getColumn(i + 1).width = Math.min(
      40,
      Math.max(6, displayWidth(sheet.header[i] ?? ''), ...sample) + 2,
    );
    if (idColumns.includes(i)) target.getColumn(i + 1).numFmt = '@';
  }
  ANNOTATION_COLUMNS.forEach((c, i) => {
    target.getColumn(own + i + 1).width = c.width;
  });

  for (const above of sheet.aboveHeader ?? []) {
    if (above.rowNumber >= sheet.headerRow) continue;
    const row = target.getRow(above.rowNumber);
    above.cells.forEach((text, i) => {
      setCellValue(row.getCell(i + 1), text);
    });
  }

  const header = target.getRow(sheet.headerRow);
  const headers = [...padded(sheet.header, own), ...ANNOTATION_COLUMNS.map((c) => c.header)];
  const headerStyle = cellStyle({ header: true, alignment: { vertical: 'middle', wrapText: true } });
  headers.forEach((text, i) => {
    const cell = header.getCell(i + 1);
    setCellValue(cell, text);
    cell.style = headerStyle;
  });
  header.commit();

  const bodyStyles = headers.map((_, i) => cellStyle({ bordered: true, text: idColumns.includes(i) }));

  let next = sheet.headerRow + 1;
  for (const result of results) {
    const rowNumber = Math.max(result.row.rowNumber, next);
    next = rowNumber + 1;
    const row = target.getRow(rowNumber);
    const cells: TableCell[] = [
      ...padded(result.row.cells, own).map((text, i) => showCell(text, i)),
      ...annotationCells(result, finishedAt, options),
    ];
    cells.forEach((value, i) => {
      const cell = row.getCell(i + 1);
      setCellValue(cell, value);
      cell.style =
        i === own ? cellStyle({ bordered: true, status: result.verdict.status }) : (bodyStyles[i] ?? {});
    });
    row.commit();
  }

  target.autoFilter = {
    from: { row: sheet.headerRow, column: 1 },
    to: { row: Math.max(sheet.headerRow, next - 1), column: headers.length },
  };
}

/** The verification cells of one row, in ANNOTATION_COLUMNS order. */
function annotationCells(result: BatchRowResult, finishedAt: string, options: ReportOptions): string[] {
  const { verdict, row } = result;
  const cert = (verdict.best ?? verdict.certificates[0])?.record;
  const notes = [...new Set([...verdict.reasons, ...verdict.warnings, ...row.problems])].join('；');
  return [
    statusLabel(verdict.status),
    displayText(notes, options.fullIds),
    cert?.category ?? (cert?.kind === 'safety' ? '安全生产知识和管理能力' : ''),
    cert?.item ?? cert?.role ?? '',
    cert?.validUntil ?? '',
    cert?.reviewDue ?? '',
    cert?.reviewedOn ?? '',
    sourceLabel(verdict.source),
    formatChinaTime(verdict.evidenceAt ?? finishedAt),
  ];
}

/** `cells` padded with empty strings to `length`. */
function padded(cells: readonly string[], length: number): string[] {
  return Array.from({ length }, (_, i) => cells[i] ?? '');
}
