/**
 * Reads a csv roster (already decoded to text) as one sheet; the delimiter (comma, tab, semicolon) is detected:
 * Excel's "Unicode text" export is tab-separated UTF-16.
 */
import { CsvError, type Info, parse } from 'csv-parse/sync';
import { InputError } from '../../domain/errors.js';
import type { RawSheet } from './roster-sheet.js';

const DELIMITERS = [',', '\t', ';'] as const;

/** The delimiter used most in the first lines. */
export function detectDelimiter(text: string): string {
  const lines = text.split(/\r?\n/, 15);
  let best: string = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const count = lines.reduce((n, line) => n + line.split(d).length - 1, 0);
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

/**
 * The records of a csv text as one sheet; row numbers count records from 1, as Excel shows them (empty lines
 * count). Throws InputError (Chinese, with the line) for a text csv-parse cannot split, e.g. a quote never closed.
 */
export function readCsvSheet(text: string, name: string): RawSheet {
  const rows = parseRecords(text, name)
    .map(({ record, info }) => ({
      rowNumber: info.records + info.empty_lines,
      cells: record.map((c) => c.trim()),
    }))
    .filter((row) => row.cells.some((c) => c !== ''));
  return { name, rows };
}

/**
 * Empty lines are skipped by the parser, not returned as records: csv-parse builds an error object for every
 * record shorter than the first (relax_column_count), so a file of a million blank lines would take minutes.
 * `info` still counts them, which gives each record its row number.
 */
function parseRecords(text: string, name: string): Array<{ record: string[]; info: Info }> {
  try {
    return parse(text, {
      delimiter: detectDelimiter(text),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as Array<{ record: string[]; info: Info }>;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = typeof error.lines === 'number' ? `第 ${error.lines} 行附近` : '';
    const why = error.code === 'CSV_QUOTE_NOT_CLOSED' ? '有一个双引号没有成对' : '格式有误';
    throw new InputError(
      `「${name}」不是可读取的表格文件：${line}${why}，请在 Excel 中打开检查后另存为 .xlsx 再发`,
      {
        cause: error,
      },
    );
  }
}
