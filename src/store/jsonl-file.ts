/**
 * An append-only JSON-lines store file (audit.jsonl, findings.jsonl): a header line `{"schemaVersion": n, ...}`,
 * then one record per line, so adding a record costs its own line, never a rewrite of the whole file. Appends
 * made together are written and fsynced together, and each `append` resolves once its line is durable. On open,
 * a last line without its line break was cut by a crash and is dropped (the file is rewritten without it); an
 * unreadable line elsewhere makes the file corrupt, handled by the store's corrupt policy. Optionally the file
 * is rotated (renamed aside, one generation kept) before an append would take it past `maxLines` records.
 */
import { dirname } from 'node:path';
import { logger } from '../util/logger.js';
import {
  FILE_MODE,
  readTextIfExists,
  removeLeftoverTemps,
  type StoreFs,
  syncDir,
  writeFileAtomic,
} from './atomic-write.js';
import type { CorruptPolicy } from './json-file.js';
import { decodeVersioned, encodeVersioned, StoreFileError } from './versioned-json.js';

const log = logger('store');

/** Lines encoded together when an append writes many. */
const ENCODE_PIECE_LINES = 100;

/** The header line's fields besides `schemaVersion`. */
export type JsonLinesHeader = Record<string, unknown>;

/** What a JSON-lines file held (`records` undefined when there was no file, or a corrupt one moved aside). */
export interface JsonLinesContent<R> {
  header?: JsonLinesHeader;
  records?: R[];
  /** The last line was cut by a crash and left out. */
  torn: boolean;
  /** The file's text up to its last complete line (header included), when there is a complete header. */
  intact?: string;
}

export interface JsonLinesReadOptions {
  /** Current layout version (the header's `schemaVersion`); a newer file is refused. */
  version: number;
  /** An unreadable line: refuse to open (default) or move the file aside and start empty. */
  onCorrupt?: CorruptPolicy;
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

/** Replace (or create) the file at `path` with `records`, atomically and durably. */
export function writeJsonLines(
  fs: StoreFs,
  path: string,
  version: number,
  header: JsonLinesHeader,
  records: Iterable<unknown>,
): Promise<void> {
  return writeFileAtomic(fs, path, jsonLinesText(version, header, records));
}

/**
 * Convert the JSON document of a previous layout at `legacyPath`, if there is one, into the JSON-lines file at
 * `path` holding the records `toRecords` makes of its text, then delete it (temp files an interrupted rewrite of
 * the old file left are removed first). Resolves with how many records were written, undefined when there was
 * no such file. Rejects with store_corrupt when the old file cannot be read.
 */
export async function convertLegacyDocument(
  fs: StoreFs,
  legacyPath: string,
  path: string,
  version: number,
  toRecords: (text: string) => unknown[],
): Promise<number | undefined> {
  const leftovers = await removeLeftoverTemps(fs, legacyPath);
  if (leftovers.length)
    log.warn({ path: legacyPath, leftovers }, '删除了中断写入留下的临时文件（原文件完好）');
  const legacy = await readTextIfExists(fs, legacyPath);
  if (legacy === null) return undefined;
  const records = toRecords(legacy);
  await writeJsonLines(fs, path, version, {}, records);
  await fs.unlink(legacyPath);
  return records.length;
}

/** Read a JSON-lines file without changing it (except a corrupt one moved aside under `recover`). */
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
  try {
    const [first, ...rest] = lines;
    // No complete line: an empty file is as good as none; a torn header is rewritten as a fresh one.
    if (first === undefined) return torn ? { records: [], torn } : { torn };
    const header = decodeVersioned<JsonLinesHeader>(first, path, options.version).data;
    const records = rest.map((line, i) => parseLine<R>(line, path, i + 2));
    return { header, records, torn, intact: text.slice(0, end) };
  } catch (error) {
    if (
      !(error instanceof StoreFileError && error.problem === 'unparsable' && options.onCorrupt === 'recover')
    )
      throw error;
    const aside = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await fs.rename(path, aside);
    log.error({ path, aside }, '数据文件已损坏，已移到一旁并以空文件重新开始');
    return { torn: false };
  }
}

function parseLine<R>(line: string, path: string, lineNumber: number): R {
  try {
    return JSON.parse(line) as R;
  } catch (cause) {
    throw new StoreFileError(
      'unparsable',
      path,
      `数据文件 ${path} 第 ${lineNumber} 行已损坏，无法读取。文件未被改动：请从备份恢复，或将它移走后再启动。`,
      { cause },
    );
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
    if (content.torn) {
      await writeFileAtomic(
        fs,
        path,
        content.intact ?? jsonLinesText(options.version, options.header?.() ?? {}, []),
      );
      log.warn({ path }, '数据文件末尾有一行未写完（中断），已删去');
    }
    const records = content.records ?? [];
    const exists = content.records !== undefined;
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
    const handle = await fs.open(path, 'a', FILE_MODE);
    try {
      // Encoded in pieces into one buffer (outside the JS heap): thousands of lines joined into one string would
      // be too big for the young generation and kept until a full collection.
      const pieces: Buffer[] = header ? [Buffer.from(header, 'utf8')] : [];
      for (let i = 0; i < lines.length; i += ENCODE_PIECE_LINES) {
        pieces.push(Buffer.from(`${lines.slice(i, i + ENCODE_PIECE_LINES).join('\n')}\n`, 'utf8'));
      }
      await handle.writeFile(pieces.length === 1 ? (pieces[0] as Buffer) : Buffer.concat(pieces));
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (created) await syncDir(fs, dirname(path));
    this.inFile = (this.inFile ?? 0) + lines.length;
    this.writeCount++;
  }
}
