/**
 * The small set of cell styles shared by every spreadsheet this project writes (report forms and the annotated
 * roster), and the one way a value is put in a cell (text neutralised against formula injection).
 */
import type { AddWorksheetOptions, Borders, Cell, Fill } from 'exceljs';
import type { VerdictStatus } from '../../domain/status.js';
import { neutraliseFormula } from './cell-safety.js';
import { STATUS_FILL_ARGB, statusColour } from './status-style.js';
import type { TableCell } from './table.js';

const THIN = { style: 'thin' as const, color: { argb: 'FF808080' } };

/** Thin grey borders on all four sides. */
export const THIN_BORDERS: Partial<Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** Light grey fill of header cells. */
export const HEADER_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };

const STATUS_FILLS = new Map<VerdictStatus, Fill>();

/** The fill of a status cell (one shared object per status, so 10,000 rows share a handful of styles). */
export function statusFill(status: VerdictStatus): Fill {
  let fill = STATUS_FILLS.get(status);
  if (!fill) {
    fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: STATUS_FILL_ARGB[statusColour(status)] } };
    STATUS_FILLS.set(status, fill);
  }
  return fill;
}

/** Put a value in a cell: numbers as numbers, text neutralised so it can never start a formula. */
export function setCellValue(cell: Cell, value: TableCell): void {
  cell.value = typeof value === 'number' ? value : neutraliseFormula(value);
}

/**
 * How every sheet is laid out, given when the sheet is added (a streamed sheet writes its views and page setup
 * as it opens): rows up to `headerRow` frozen; printed A4 landscape, fitted to the page width, those rows
 * repeated on each page.
 */
export function sheetLayout(headerRow: number): Pick<AddWorksheetOptions, 'views' | 'pageSetup'> {
  return {
    views: [{ state: 'frozen', xSplit: 0, ySplit: headerRow }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${headerRow}:${headerRow}`,
    },
  };
}

/** A sheet name Excel accepts (no []:*?/\, at most 31 characters) and not already used in the workbook. */
export function sheetNameFor(wanted: string, taken: ReadonlySet<string>): string {
  const base = (wanted.replace(/[[\]:*?/\\]/g, '_').trim() || 'Sheet').slice(0, 31);
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++)
    name = `${base.slice(0, 31 - String(n).length - 2)}(${n})`;
  return name;
}

/** Width of a text in spreadsheet characters: a Han or full-width character takes two. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1;
  return w;
}
