/**
 * The xlsx renderer of report tables: title row merged over the columns, lines under it, bold bordered header
 * (frozen, with auto-filter), bordered rows, status cells coloured, the table's merged cells (centred), sign-off
 * lines below, A4 landscape.
 */

import type { Workbook, Worksheet } from 'exceljs';
import ExcelJS from 'exceljs';
import type { ReportTable } from './table.js';
import { cellStyle, displayWidth, setCellValue, sheetLayout, sheetNameFor } from './xlsx-style.js';

/**
 * Add `table` as a new sheet named `name` (made valid and not one of `taken`, the names in use, lower case) to
 * `workbook`, a whole or a streamed one (the sheet is not committed).
 */
export function addTableSheet(
  workbook: Workbook,
  name: string,
  table: ReportTable,
  taken: ReadonlySet<string> = new Set(),
): Worksheet {
  // The header comes after the title and the meta lines.
  const headerRow = table.meta.length + 2;
  const sheet = workbook.addWorksheet(sheetNameFor(name, taken), sheetLayout(headerRow));
  const width = Math.max(1, table.columns.length);
  const lineChars = Math.max(
    10,
    table.columns.reduce((sum, c) => sum + c.width, 0),
  );
  const fullLine = (text: string, options: { bold?: boolean; size?: number; center?: boolean }) => {
    const row = sheet.addRow([]);
    const lines = Math.ceil(displayWidth(text) / lineChars);
    if (lines > 1) row.height = 16 * lines;
    setCellValue(row.getCell(1), text);
    if (width > 1) sheet.mergeCells(row.number, 1, row.number, width);
    row.getCell(1).style = cellStyle({
      font: { bold: options.bold, size: options.size },
      alignment: { horizontal: options.center ? 'center' : 'left', vertical: 'middle', wrapText: true },
    });
  };

  fullLine(table.title, { bold: true, size: 14, center: true });
  sheet.getRow(1).height = 28;
  for (const line of table.meta) fullLine(line, {});

  const header = sheet.addRow([]);
  const headerStyle = cellStyle({
    header: true,
    alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
  });
  table.columns.forEach((column, i) => {
    // The column's format first: setting it later would write into the cells already styled.
    sheet.getColumn(i + 1).width = column.width;
    if (column.kind === 'id') sheet.getColumn(i + 1).numFmt = '@';
    const cell = header.getCell(i + 1);
    setCellValue(cell, column.header);
    cell.style = headerStyle;
  });

  const bodyLook = (column: ReportTable['columns'][number]) => ({
    bordered: true,
    text: column.kind === 'id',
    alignment: { vertical: 'top' as const, wrapText: column.kind !== 'number' },
  });
  const bodyStyles = table.columns.map((column) => cellStyle(bodyLook(column)));
  for (const tableRow of table.rows) {
    const row = sheet.addRow([]);
    // Not every spreadsheet fits a row to wrapped text on opening (LibreOffice does not): give it the height.
    const lines = Math.max(
      ...table.columns.map((column, i) => wrappedLines(String(tableRow.cells[i] ?? ''), column.width)),
    );
    if (lines > 1) row.height = 16 * lines;
    table.columns.forEach((column, i) => {
      const cell = row.getCell(i + 1);
      setCellValue(cell, tableRow.cells[i] ?? '');
      cell.style =
        column.kind === 'status' && tableRow.status
          ? cellStyle({ ...bodyLook(column), status: tableRow.status })
          : (bodyStyles[i] ?? {});
    });
  }

  const merges = table.merges ?? [];
  const mergedStyle = cellStyle({
    bordered: true,
    alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
  });
  for (const m of merges) {
    sheet.mergeCells(header.number + m.top, m.left + 1, header.number + m.bottom, m.right + 1);
    const cell = sheet.getCell(header.number + m.top, m.left + 1);
    if (m.top > 0) cell.style = mergedStyle;
  }

  for (const line of table.footer) fullLine(line, {});

  if (table.columns.length > 0 && merges.length === 0) {
    sheet.autoFilter = {
      from: { row: header.number, column: 1 },
      to: { row: header.number + table.rows.length, column: table.columns.length },
    };
  }
  return sheet;
}

/** How many lines `text` takes in a column `width` characters wide, wrapped and split at its line breaks. */
function wrappedLines(text: string, width: number): number {
  const usable = Math.max(1, Math.floor(width * 0.8));
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(displayWidth(line) / usable)), 0);
}

/** A workbook holding one table. */
export async function renderXlsx(table: ReportTable, sheetName: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  addTableSheet(workbook, sheetName, table);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
