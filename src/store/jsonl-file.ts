/**
 * JSON-lines files of the file store (audit.jsonl, findings.jsonl, bureau-outbox.jsonl …), read for `store
 * migrate`: a header line `{"schemaVersion": n, ...}`, then one record per line. The files are only read: an
 * unreadable line is skipped, and a last line without its line break (cut by a crash) is left out.
 */
import { readTextIfExists, type StoreFs } from './store-fs.js';
import { decodeVersioned, encodeVersioned, StoreFileError } from './versioned-json.js';

/** The header line's fields besides `schemaVersion`. */
export type JsonLinesHeader = Record<string, unknown>;

/** What a JSON-lines file held (`records` undefined when there was no file). */
export interface JsonLinesContent<R> {
  header?: JsonLinesHeader;
  records?: R[];
}

export interface JsonLinesReadOptions {
  /** Current layout version (the header's `schemaVersion`); a newer file is refused. */
  version: number;
  /** Whether a record (a JSON object) is one this file holds; one that is not is skipped (default: every object is). */
  accept?: (record: object) => boolean;
}

/** Whole text of a file holding `records` under a header with `header`'s fields. */
export function jsonLinesText(version: number, header: JsonLinesHeader, records: Iterable<unknown>): string {
  let text = `${encodeVersioned(header, version)}\n`;
  for (const record of records) text += `${JSON.stringify(record)}\n`;
  return text;
}

/**
 * Read a JSON-lines file, leaving it as it is. A line that is not a JSON object (garbage, a line cut in the
 * middle of the file) or not one `accept`s is skipped, and so is a last line without its line break (cut by a
 * crash); an unreadable header is taken as of `version`.
 */
export async function readJsonLines<R>(
  fs: StoreFs,
  path: string,
  options: JsonLinesReadOptions,
): Promise<JsonLinesContent<R>> {
  const text = await readTextIfExists(fs, path);
  if (text === null) return {};
  const lines = text.slice(0, text.lastIndexOf('\n') + 1).split('\n');
  lines.pop(); // the empty string after the last line break
  const [first, ...rest] = lines;
  if (first === undefined) return {};
  const records: R[] = [];
  for (const line of rest) {
    const record = parseRecord(line);
    if (record !== undefined && options.accept?.(record) !== false) records.push(record as R);
  }
  return { header: readHeader(first, path, options.version), records };
}

/** The header's fields; an unreadable header counts as an empty one. */
function readHeader(line: string, path: string, version: number): JsonLinesHeader {
  try {
    return decodeVersioned<JsonLinesHeader>(line, path, version).data;
  } catch (error) {
    if (!(error instanceof StoreFileError && error.problem === 'unparsable')) throw error;
    return {};
  }
}

/** A record line's value, or undefined when it is not a JSON object. */
function parseRecord(line: string): object | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
