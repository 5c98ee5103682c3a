/**
 * A look through an ODS `content.xml` before SheetJS reads it, for two things SheetJS does not give or guard:
 * the hidden rows and columns of each table (`table:visibility`), and how many cells the repeat counts expand to
 * (`table:number-rows-repeated="1000000"` on a row with a value makes SheetJS write a million rows, from a few
 * bytes of XML), so that a file expanding past the limits is refused before it is parsed.
 */

/** What SheetJS does not read of one table. */
export interface OdsTableLayout {
  /** 1-based rows hidden, as runs of `count` rows from `from`. */
  hiddenRows: Array<{ from: number; count: number }>;
  /** 0-based columns hidden (within the first MAX_COLUMNS). */
  hiddenColumns: number[];
}

/** The tables' layout and what their filled cells expand to. */
export interface OdsContent {
  tables: OdsTableLayout[];
  /** Rows holding a value, repeats counted. */
  filledRows: number;
  /** Cells holding a value, repeats counted. */
  filledCells: number;
}

/** Columns looked at for hiding: more than an xls sheet can hold is no roster. */
const MAX_COLUMNS = 256;

const TAG =
  /<(\/?)table:(table-row|table-column|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*?)(\/?)>/g;

/** Scan a content.xml text. */
export function scanOdsContent(xml: string): OdsContent {
  const content: OdsContent = { tables: [], filledRows: 0, filledCells: 0 };
  let table: OdsTableLayout | undefined;
  let row = 0;
  let column = 0;
  let rowRepeat = 1;
  let rowFilled = false;
  const endRow = () => {
    if (rowFilled) content.filledRows += rowRepeat;
    row += rowRepeat;
    rowRepeat = 1;
    rowFilled = false;
  };
  for (const [, closing, name, attributes = '', selfClosing] of xml.matchAll(TAG)) {
    if (closing) {
      if (name === 'table-row') endRow();
      continue;
    }
    switch (name) {
      case 'table':
        table = { hiddenRows: [], hiddenColumns: [] };
        content.tables.push(table);
        row = 0;
        column = 0;
        break;
      case 'table-column': {
        const repeat = count(attributes, 'number-columns-repeated');
        if (table && hidden(attributes))
          for (let c = column; c < Math.min(column + repeat, MAX_COLUMNS); c++) table.hiddenColumns.push(c);
        column += repeat;
        break;
      }
      case 'table-row':
        rowRepeat = count(attributes, 'number-rows-repeated');
        if (table && hidden(attributes)) table.hiddenRows.push({ from: row + 1, count: rowRepeat });
        if (selfClosing) endRow();
        break;
      default:
        if (!selfClosing || attributes.includes('value-type=')) {
          rowFilled = true;
          content.filledCells += rowRepeat * count(attributes, 'number-columns-repeated');
        }
    }
  }
  return content;
}

function count(attributes: string, name: string): number {
  const m = new RegExp(`table:${name}="(\\d+)"`).exec(attributes);
  return m ? Math.max(1, Number(m[1])) : 1;
}

function hidden(attributes: string): boolean {
  const m = /table:visibility="(\w+)"/.exec(attributes);
  return m !== null && m[1] !== 'visible';
}
