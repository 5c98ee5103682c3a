/**
 * Reads a csv roster (already decoded to text) as one sheet; the delimiter (comma, tab, semicolon) is detected:
 * Excel's "Unicode text" export is tab-separated UTF-16.
 */
import { parse } from 'csv-parse/sync';
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

/** The records of a csv text as one sheet; row numbers count records from 1, as Excel shows them. */
export function readCsvSheet(text: string, name: string): RawSheet {
  const records = parse(text, {
    delimiter: detectDelimiter(text),
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
  }) as string[][];
  const rows = records
    .map((record, i) => ({ rowNumber: i + 1, cells: record.map((c) => c.trim()) }))
    .filter((row) => row.cells.some((c) => c !== ''));
  return { name, rows };
}
