/**
 * The small set of cell styles shared by every spreadsheet this project writes (report forms and the annotated
 * roster), and the one way a value is put in a cell (text neutralised against formula injection).
 */
import type { AddWorksheetOptions, Alignment, Borders, Cell, Fill, Font, Style } from 'exceljs';
import type { VerdictStatus } from '../../domain/status.js';
import { neutraliseFormula } from './cell-safety.js';
import { STATUS_FILL_ARGB, statusColour } from './status-style.js';
import type { TableCell } from './table.js';

const THIN = { style: 'thin' as const, color: { argb: 'FF808080' } };
const THIN_BORDERS: Partial<Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };

/** How a cell looks. */
export interface CellLook {
  /** A table header: bold on light grey, with thin grey borders. */
  header?: boolean;
  /** A table body cell: thin grey borders. */
  bordered?: boolean;
  /** Filled in the colour of this status. */
  status?: VerdictStatus;
  /** Kept as text (ID numbers: never read as a number). */
  text?: boolean;
  font?: Partial<Font>;
  alignment?: Partial<Alignment>;
}

const SHARED_STYLES = new Map<string, Partial<Style>>();

/**
 * The style of a cell that looks like `look`, one frozen object for every cell that looks alike. exceljs finds
 * the index of a style object it has seen before by identity, and renders any other to XML to look it up: a
 * 10,000-row roster styled property by property made some 900 MB of garbage. Assign it whole (`cell.style =`);
 * it is frozen, so setting one property of such a cell afterwards throws instead of restyling every cell.
 */
export function cellStyle(look: CellLook): Partial<Style> {
  const key = JSON.stringify(look);
  let style = SHARED_STYLES.get(key);
  if (!style) {
    style = deepFreeze({
      ...(look.text ? { numFmt: '@' } : {}),
      ...(look.header ? { font: { bold: true, ...look.font } } : look.font ? { font: look.font } : {}),
      ...(look.header || look.bordered ? { border: THIN_BORDERS } : {}),
      ...(look.status
        ? {
            fill: {
              type: 'pattern',
              pattern: 'solid',
              fgColor: { argb: STATUS_FILL_ARGB[statusColour(look.status)] },
            },
          }
        : look.header
          ? { fill: HEADER_FILL }
          : {}),
      ...(look.alignment ? { alignment: look.alignment } : {}),
    } satisfies Partial<Style>);
    SHARED_STYLES.set(key, style);
  }
  return style;
}

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) {
    if (inner && typeof inner === 'object' && !Object.isFrozen(inner)) deepFreeze(inner);
  }
  return Object.freeze(value);
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
