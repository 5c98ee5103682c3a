/**
 * The annotated roster: every roster sheet written back with its original columns (and the rows above the
 * header and the footer lines, as text, at their original row numbers), its hidden rows and columns hidden and
 * its merged cells merged, followed by the verification columns under one merged 核验结果 heading, status
 * cells coloured, header frozen with an auto-filter; a 汇总 sheet in front. ID numbers are masked unless
 * `fullIds`.
 */

import { Writable } from 'node:stream';
import type { Worksheet } from 'exceljs';
import ExcelJS from 'exceljs';
import { formatChinaTime } from '../../domain/dates.js';
import { maskId } from '../../domain/mask.js';
import { statusLabel } from '../../domain/status.js';
import type { BatchResult, BatchRowResult, CellRange, RosterSheet } from '../types.js';
import {
  ANNOTATION_COLUMNS,
  annotationHeaders,
  HIDDEN_ROW,
  RESULT_HEADING,
  rowShift,
} from './annotated-layout.js';
import { addTableSheet } from './render-xlsx.js';
import { displayText, sourceLabel } from './report-rows.js';
import { buildRosterSummary } from './roster-summary.js';
import type { ReportOptions, TableCell } from './table.js';
import { cellStyle, displayWidth, setCellValue, sheetLayout, sheetNameFor } from './xlsx-style.js';

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
    const target = workbook.addWorksheet(name, sheetLayout(sheet.headerRow + rowShift(sheet)));
    writeSheet(target, sheet, bySheet.get(sheet.name) ?? [], result.finishedAt, options);
    target.commit();
  }
  await workbook.commit();
  return Buffer.concat(chunks);
}

/** A row of the sheet to write, in row order: text kept as it was, or a person with the verification. */
type OutRow = { rowNumber: number; text: string[] } | { rowNumber: number; result: BatchRowResult };

/**
 * Fill `target`, a streamed sheet: column widths and hidden columns first, then the rows in order, each
 * committed once made, the roster's merged blocks merged again just before their first row is written.
 */
function writeSheet(
  target: Worksheet,
  sheet: RosterSheet,
  results: readonly BatchRowResult[],
  finishedAt: string,
  options: ReportOptions,
): void {
  const shift = rowShift(sheet);
  const own = results.reduce((n, r) => Math.max(n, r.row.cells.length), sheet.header.length);
  const idColumns = [sheet.columns.idNumber, sheet.columns.certNumber].filter(
    (c): c is number => c !== undefined,
  );
  const showCell = (text: string, column: number) =>
    options.fullIds || !idColumns.includes(column) || text === '' ? text : maskId(text);

  for (let i = 0; i < own; i++) {
    const sample = results.slice(0, WIDTH_SAMPLE_ROWS).map((r) => displayWidth(r.row.cells[i] ?? ''));
    const column = target.getColumn(i + 1);
    column.width = Math.min(40, Math.max(6, displayWidth(sheet.header[i] ?? ''), ...sample) + 2);
    if (idColumns.includes(i)) column.numFmt = '@';
    if (sheet.hiddenColumns?.includes(i)) column.hidden = true;
  }
  ANNOTATION_COLUMNS.forEach((c, i) => {
    target.getColumn(own + i + 1).width = c.width;
  });

  const merges = new Merges(target, sheet.merges ?? [], own, shift);
  const textRow = (rowNumber: number, cells: readonly string[]) => {
    merges.upTo(rowNumber);
    const row = target.getRow(rowNumber);
    cells.forEach((text, i) => {
      if (!merges.covered(rowNumber, i + 1)) setCellValue(row.getCell(i + 1), text);
    });
    return row;
  };
  for (const above of sheet.aboveHeader ?? []) {
    if (above.rowNumber < sheet.headerRow) textRow(above.rowNumber + shift, above.cells);
  }

  const headerRow = sheet.headerRow + shift;
  const headingStyle = cellStyle({ header: true, alignment: { horizontal: 'center', vertical: 'middle' } });
  const heading = target.getRow(headerRow - 1).getCell(own + 1);
  setCellValue(heading, RESULT_HEADING);
  heading.style = headingStyle;
  target.mergeCells(headerRow - 1, own + 1, headerRow - 1, own + ANNOTATION_COLUMNS.length);

  const headers = [...padded(sheet.header, own), ...annotationHeaders(sheet.header)];
  const headerStyle = cellStyle({ header: true, alignment: { vertical: 'middle', wrapText: true } });
  const header = textRow(headerRow, headers);
  headers.forEach((_, i) => {
    header.getCell(i + 1).style = headerStyle;
  });
  header.commit();

  const bodyStyles = headers.map((_, i) => cellStyle({ bordered: true, text: idColumns.includes(i) }));
  const rows: OutRow[] = [
    ...results.map((result) => ({ rowNumber: result.row.rowNumber + shift, result })),
    ...(sheet.footerLines ?? []).map((line) => ({ rowNumber: line.rowNumber + shift, text: line.cells })),
  ].sort((a, b) => a.rowNumber - b.rowNumber);
  let next = headerRow + 1;
  for (const out of rows) {
    const rowNumber = Math.max(out.rowNumber, next);
    next = rowNumber + 1;
    if ('text' in out) {
      textRow(rowNumber, out.text).commit();
      continue;
    }
    const { result } = out;
    const cells: TableCell[] = [
      ...padded(result.row.cells, own).map((text, i) => showCell(text, i)),
      ...annotationCells(result, finishedAt, options),
    ];
    merges.upTo(rowNumber);
    const row = target.getRow(rowNumber);
    if (result.row.hidden) row.hidden = true;
    cells.forEach((value, i) => {
      const cell = row.getCell(i + 1);
      if (!merges.covered(rowNumber, i + 1)) setCellValue(cell, value);
      cell.style =
        i === own ? cellStyle({ bordered: true, status: result.verdict.status }) : (bodyStyles[i] ?? {});
    });
    row.commit();
  }

  target.autoFilter = {
    from: { row: headerRow, column: 1 },
    to: { row: Math.max(headerRow, next - 1), column: headers.length },
  };
}

/**
 * The roster's merged blocks in the written sheet (moved down by `shift`, within its own `columns`): merged as
 * the rows are reached (a streamed sheet cannot go back to a committed row), their cells but the first left
 * empty as Excel keeps them.
 */
class Merges {
  private readonly pending: CellRange[];
  private applied: CellRange[] = [];

  constructor(
    private readonly target: Worksheet,
    merges: readonly CellRange[],
    columns: number,
    shift: number,
  ) {
    this.pending = merges
      .filter((m) => m.right <= columns && (m.bottom > m.top || m.right > m.left))
      .map((m) => ({ ...m, top: m.top + shift, bottom: m.bottom + shift }))
      .sort((a, b) => b.top - a.top);
  }

  /** Merge the blocks starting at or above `rowNumber`, before that row is written. */
  upTo(rowNumber: number): void {
    this.applied = this.applied.filter((m) => m.bottom >= rowNumber);
    for (let m = this.pending.at(-1); m && m.top <= rowNumber; m = this.pending.at(-1)) {
      this.pending.pop();
      this.target.mergeCells(m.top, m.left, m.bottom, m.right);
      this.applied.push(m);
    }
  }

  /** Whether the cell is in a merged block and not its first cell (its value is the first cell's). */
  covered(row: number, column: number): boolean {
    return this.applied.some(
      (m) =>
        row >= m.top &&
        row <= m.bottom &&
        column >= m.left &&
        column <= m.right &&
        (row !== m.top || column !== m.left),
    );
  }
}

/** The verification cells of one row, in ANNOTATION_COLUMNS order. */
function annotationCells(result: BatchRowResult, finishedAt: string, options: ReportOptions): string[] {
  const { verdict, row } = result;
  const cert = (verdict.best ?? verdict.certificates[0])?.record;
  const notes = [
    ...new Set([
      ...(row.hidden ? [HIDDEN_ROW] : []),
      ...verdict.reasons,
      ...verdict.warnings,
      ...row.problems,
    ]),
  ].join('；');
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
