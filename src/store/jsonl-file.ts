/**
 * An append-only JSON-lines store file (audit.jsonl, findings.jsonl): a header line `{"schemaVersion": n, ...}`,
 * then one record per line, so adding a record costs its own line, never a rewrite of the whole file. Appends
 * made together are written and fsynced together, and each `append` resolves once its line is durable. On open,
 * a last line without its line break was cut by a crash and is dropped (the file is rewritten without it); an
 * unreadable line elsewhere is set aside into `<file>.bad` and the good ones kept (see `readJsonLines`). An append
 * that fails (a full disk) leaves the file as it was: a part written is cut off again. Optionally the file
 * is rotated (renamed aside, one generation kept) before an append would take it past `maxLines` records.
 */
import { dirname } from 'node:path';
import { logger } from '../util/logger.js';
import {
  FILE_MODE,
  isDiskFull,
  readTextIfExists,
  removeLeftoverTemps,
  type StoreFs,
  storeWriteError,
  syncDir,
  writeFileAtomic,
} from './atomic-write.js';
import { noteOnOpen } from './open-notices.js';
import { badLinesKeptNotice, setAsideNotice } from './store-words.js';
import { decodeVersioned, encodeVersioned, StoreFileError } from './versioned-json.js';

const log = logger('store');

/** Lines encoded together when an append writes many. */
const ENCODE_PIECE_LINES = 100;

/** The header line's fields besides `schemaVersion`. */
export type JsonLinesHeader = Record<string, unknown>;

/** What a JSON-lines file held (`records` undefined when there was no file). */
export interface JsonLinesContent<R> {
  header?: JsonLinesHeader;
  records?: R[];
  /** The last line was cut by a crash and left out (it is still in the file, after `complete` bytes). */
  torn: boolean;
  /** Bytes of the file's complete lines, when the last line is torn. */
  complete?: number;
}

export interface JsonLinesReadOptions {
  /** Current layout version (the header's `schemaVersion`); a newer file is refused. */
  version: number;
  /**
   * Whether a record (a JSON object) is one this file holds; one that is not is set aside like an unreadable
   * line (default: every object is).
   */
  accept?: (record: object) => boolean;
  /** Leave the file as it is (`store migrate` reading an old data directory): bad lines are skipped, not set aside. */
  readOnly?: boolean;
}

export interface JsonLinesOptions extends JsonLinesReadOptions {
  /** Absolute path of the file. */
  path: string;
  fs: StoreFs;
  /** Header fields of a file created by an append (default none). */
  header?: () => JsonLinesHeader;
  /** Rename the file to `path` before an append would take it past `maxLines` records. */
  rotate?: { maxLines: number; path: string };
}

/** Whole text of a file holding `records` under a header with `header`'s fields. */
export function jsonLinesText(version: number, header: JsonLinesHeader, records: Iterable<unknown>): string {
  let text = `${encodeVersioned(header, version)}\n`;
  for (const record of records) text += `${JSON.stringify(record)}\n`;
  return text;
}

/**
 * Read a JSON-lines file. A line that is not a JSON object (garbage, a line cut in the middle of the file, a
 * damaged header) is set aside: appended to `<path>.bad` (0600) for a person to look at, and the file rewritten
 * without it, so one bad line never stops a start; the operator is told how many (see open-notices.ts). A last
 * line without its line break (cut by a crash) is reported as `torn`, not set aside.
 */
export async function readJsonLines<R>(
  fs: StoreFs,
  path: string,
  options: JsonLinesReadOptions,
): Promise<JsonLinesContent<R>> {
  const text = await readTextIfExists(fs, path);
  if (text === null) return { torn: false };
  const end = text.lastIndexOf('\n') + 1;
  const lines = text.slice(0, end).split('\n');
  lines.pop(); // the empty string after the last line break
  const torn = end < text.length;
  const complete = torn ? Buffer.byteLength(text.slice(0, end), 'utf8') : undefined;
  const [first, ...rest] = lines;
  // No complete line: an empty file is as good as none; a torn header is cut off and the file begins afresh.
  if (first === undefined) return torn ? { torn, complete } : { torn };
  const bad: string[] = [];
  const header = readHeader(first, path, options.version, bad);
  const records: R[] = [];
  for (const line of rest) {
    const record = parseRecord(line);
    if (record === undefined || options.accept?.(record) === false) bad.push(line);
    else records.push(record as R);
  }
  if (
    bad.length > 0 &&
    !options.readOnly &&
    (await setAside(fs, path, bad, jsonLinesText(options.version, header, records)))
  )
    return { header, records, torn: false }; // rewritten without the torn line too
  return { header, records, torn, complete };
}

/** The header's fields; an unreadable header is set aside (in `bad`) and the file taken as of `version`. */
function readHeader(line: string, path: string, version: number, bad: string[]): JsonLinesHeader {
  try {
    return decodeVersioned<JsonLinesHeader>(line, path, version).data;
  } catch (error) {
    if (!(error instanceof StoreFileError && error.problem === 'unparsable')) throw error;
    bad.push(line);
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

/**
 * Append `bad` lines to `<path>.bad`, durably, then replace the file with `intact`; resolves false when the disk
 * is full (the file is left as it is, its good records used: the next start sets the lines aside). A crash in
 * between leaves the lines in both: the next open sets them aside again (a repeat in the .bad file, nothing lost).
 */
async function setAside(fs: StoreFs, path: string, bad: string[], intact: string): Promise<boolean> {
  const badPath = `${path}.bad`;
  try {
    await appendOrNothing(fs, badPath, `${bad.join('\n')}\n`);
    await writeFileAtomic(fs, path, intact);
  } catch (error) {
    if (!isDiskFull(error)) throw error;
    log.warn({ path, lines: bad.length }, '数据文件中有无法读取的行；磁盘已满，暂未移出');
    noteOnOpen(path, badLinesKeptNotice(path, bad.length));
    return false;
  }
  log.warn({ path, badPath, lines: bad.length }, '数据文件中有无法读取的行，已移到 .bad 文件');
  noteOnOpen(path, setAsideNotice(path, badPath, bad.length));
  return true;
}

/**
 * Append `text` to the file at `path` (created 0600), durably; when that fails, the file is left as it was (a
 * part written cut off again, a file it created removed) and the error thrown.
 */
async function appendOrNothing(fs: StoreFs, path: string, text: string | Buffer): Promise<void> {
  const handle = await fs.open(path, 'a', FILE_MODE);
  const before = (await handle.stat()).size;
  try {
    await handle.chmod(FILE_MODE);
    await handle.writeFile(text);
    await handle.sync();
  } catch (error) {
    await handle.truncate(before).catch(() => {});
    await handle.close();
    if (before === 0) await fs.unlink(path).catch(() => {});
    throw error;
  }
  await handle.close();
}

/** Cut the file at `path` to its first `bytes` bytes, durably. */
async function truncateFile(fs: StoreFs, path: string, bytes: number): Promise<void> {
  const handle = await fs.open(path, 'r+');
  try {
    await handle.truncate(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** An open JSON-lines file taking appends. Open with `JsonLinesFile.open`. */
export class JsonLinesFile<R> {
  /** Lines waiting for the next write. */
  private queue: string[] = [];
  /** The write not started yet (appends join it). */
  private pending: Promise<void> | undefined;
  private last: Promise<void> = Promise.resolve();
  /** A rewrite asked for by `compact`, done by the next write instead of its appends. */
  private compaction: (() => Iterable<R>) | undefined;
  private writeCount = 0;

  private constructor(
    private readonly options: JsonLinesOptions,
    /** Records in the file; `undefined` when the file does not exist yet. */
    private inFile: number | undefined,
  ) {}

  /**
   * Open the file (cleaning temp files an interrupted rewrite left, dropping a torn last line) and return it
   * with what it holds. Rejects with store_corrupt.
   */
  static async open<R>(
    options: JsonLinesOptions,
  ): Promise<{ file: JsonLinesFile<R>; header?: JsonLinesHeader; records: R[] }> {
    const { fs, path } = options;
    const leftovers = await removeLeftoverTemps(fs, path);
    if (leftovers.length) log.warn({ path, leftovers }, '删除了中断写入留下的临时文件（原文件完好）');
    const content = await readJsonLines<R>(fs, path, options);
    if (content.complete !== undefined) {
      // Cut off in place: a truncation needs no free space, so it works on a full disk too.
      await truncateFile(fs, path, content.complete);
      log.warn({ path }, '数据文件末尾有一行未写完（中断），已删去');
    }
    const records = content.records ?? [];
    const exists = content.records !== undefined && content.header !== undefined;
    return {
      file: new JsonLinesFile<R>(options, exists ? records.length : undefined),
      header: content.header,
      records,
    };
  }

  /** Append `record`; resolves once its line is durable. Appends made before the write starts share it. */
  append(record: R): Promise<void> {
    this.queue.push(JSON.stringify(record));
    return this.schedule();
  }

  /** Resolves once every record appended so far is durable. */
  flush(): Promise<void> {
    return this.queue.length > 0 || this.compaction ? this.schedule() : this.last;
  }

  /**
   * Replace the whole file, atomically, with the records `snapshot` gives when the write runs: for a file whose
   * later lines supersede earlier ones. `snapshot` must hold every record appended so far that still counts
   * (the appends waiting to be written are dropped in its favour); they resolve with the rewrite.
   */
  compact(snapshot: () => Iterable<R>): Promise<void> {
    this.compaction = snapshot;
    return this.schedule();
  }

  /** Appends written (and fsynced) so far. */
  get writes(): number {
    return this.writeCount;
  }

  /** Records in the file now (appends still pending not counted). */
  get lines(): number {
    return this.inFile ?? 0;
  }

  /** Appends waiting for the next write. */
  get queued(): number {
    return this.queue.length;
  }

  private schedule(): Promise<void> {
    if (this.pending) return this.pending;
    const write = this.last
      .catch(() => {}) // reported to that write's own callers
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => {
        this.pending = undefined;
        const lines = this.queue.splice(0);
        const snapshot = this.compaction;
        this.compaction = undefined;
        return (snapshot ? this.rewrite(snapshot) : this.write(lines)).catch((error: unknown) => {
          this.queue.unshift(...lines);
          log.error({ path: this.options.path, err: error }, '数据文件追加写入失败');
          throw error;
        });
      });
    this.pending = write;
    this.last = write;
    return write;
  }

  private async rewrite(snapshot: () => Iterable<R>): Promise<void> {
    const { fs, path, version } = this.options;
    let count = 0;
    const records = function* () {
      for (const record of snapshot()) {
        count++;
        yield record;
      }
    };
    await writeFileAtomic(fs, path, jsonLinesText(version, this.options.header?.() ?? {}, records()));
    this.inFile = count;
    this.writeCount++;
  }

  private async write(lines: string[]): Promise<void> {
    if (lines.length === 0) return;
    const { fs, path, rotate, version } = this.options;
    if (rotate && this.inFile !== undefined && this.inFile + lines.length > rotate.maxLines) {
      await fs.rename(path, rotate.path);
      this.inFile = undefined;
    }
    const created = this.inFile === undefined;
    const header = created ? jsonLinesText(version, this.options.header?.() ?? {}, []) : '';
    // Encoded in pieces into one buffer (outside the JS heap): thousands of lines joined into one string would
    // be too big for the young generation and kept until a full collection.
    const pieces: Buffer[] = header ? [Buffer.from(header, 'utf8')] : [];
    for (let i = 0; i < lines.length; i += ENCODE_PIECE_LINES) {
      pieces.push(Buffer.from(`${lines.slice(i, i + ENCODE_PIECE_LINES).join('\n')}\n`, 'utf8'));
    }
    // A part written (a full disk) is cut off again: the next append must not run on from half a line.
    await appendOrNothing(
      fs,
      path,
      pieces.length === 1 ? (pieces[0] as Buffer) : Buffer.concat(pieces),
    ).catch((error: unknown) => {
      throw storeWriteError(error, path);
    });
    if (created) await syncDir(fs, dirname(path));
    this.inFile = (this.inFile ?? 0) + lines.length;
    this.writeCount++;
  }
}
