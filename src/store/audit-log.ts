/**
 * audit.jsonl: who asked what, with masked ID numbers only. Append-only JSON lines — a header line with the
 * schema version, then one entry per line — so an append costs its own line, never a rewrite of the whole trail
 * (a 100,000-entry JSON document took a quarter of a second to serialise, stalling the bot on every query).
 * Appends made together are written and fsynced together. When the file holds `maxEntries` entries it is rotated
 * to audit.1.jsonl (the previous one dropped): the disk holds at most twice that, and the latest `maxEntries` are
 * always kept. An audit.json of the previous layout (one JSON document) is converted on open.
 */
import { join } from 'node:path';
import { maskId, maskIdsInText } from '../domain/mask.js';
import type { Requester } from '../domain/query.js';
import { logger } from '../util/logger.js';
import { FILE_MODE, readTextIfExists, type StoreFs, syncDir, writeFileAtomic } from './atomic-write.js';
import type { CorruptPolicy } from './json-file.js';
import { decodeVersioned, encodeVersioned, StoreFileError } from './versioned-json.js';

const log = logger('store');

/** One audit entry. `maskedIds` never holds a full number. */
export interface AuditEntry {
  /** ISO instant. */
  at: string;
  requester: Requester;
  /** What was done, e.g. `chat-query`, `batch`, `import`, `export`. */
  action: string;
  /** Masked ID numbers, e.g. 110105********002X. */
  maskedIds: string[];
  /** Verdict status words, when the action produced any. */
  statuses?: string[];
}

/** Current layout version (1 was audit.json, one JSON document; 2 is JSON lines). */
export const AUDIT_VERSION = 2;

/** Default number of entries kept. */
export const AUDIT_MAX_ENTRIES = 100_000;

/** The audit files in the data directory: current, rotated, and the previous layout's. */
export const AUDIT_FILES = {
  current: 'audit.jsonl',
  rotated: 'audit.1.jsonl',
  legacy: 'audit.json',
} as const;

export interface AuditLogOptions {
  maxEntries?: number;
  onCorrupt?: CorruptPolicy;
  fs: StoreFs;
}

/** The audit trail. Open with `AuditLog.open`. */
export class AuditLog {
  /** Lines waiting for the next write. */
  private queue: string[] = [];
  /** The write not started yet (appends join it). */
  private pending: Promise<void> | undefined;
  private last: Promise<void> = Promise.resolve();

  private constructor(
    private readonly dir: string,
    private readonly fs: StoreFs,
    private readonly maxEntries: number,
    /** The latest entries, oldest first, at most `maxEntries`. */
    private readonly kept: AuditEntry[],
    /** Entries in the current file; `undefined` when the file does not exist yet. */
    private inFile: number | undefined,
  ) {}

  /** Read the trail in `dir` (converting an audit.json of the previous layout). Rejects with store_corrupt. */
  static async open(dir: string, options: AuditLogOptions): Promise<AuditLog> {
    const { fs } = options;
    const maxEntries = options.maxEntries ?? AUDIT_MAX_ENTRIES;
    const path = join(dir, AUDIT_FILES.current);
    const legacyPath = join(dir, AUDIT_FILES.legacy);
    const legacy = await readTextIfExists(fs, legacyPath);
    if (legacy !== null) {
      const { entries } = decodeVersioned<{ entries: AuditEntry[] }>(legacy, legacyPath, 1).data;
      await writeFileAtomic(fs, path, linesOf(entries));
      await fs.unlink(legacyPath);
      log.info({ path, entries: entries.length }, '审计日志已转换为逐行追加的格式');
    }
    const rotated = await readLines(fs, join(dir, AUDIT_FILES.rotated), options.onCorrupt);
    const current = await readLines(fs, path, options.onCorrupt);
    if (current.torn) {
      await writeFileAtomic(fs, path, linesOf(current.entries ?? []));
      log.warn({ path }, '审计日志末尾有一行未写完（中断），已删去');
    }
    const kept = [...(rotated.entries ?? []), ...(current.entries ?? [])].slice(-maxEntries);
    return new AuditLog(dir, fs, maxEntries, kept, current.entries?.length);
  }

  /**
   * Append an entry; resolves once durable. An unmasked number slipped in by mistake is masked here, and so is
   * any number in the requester's words (a roster named after a person, a nickname holding an ID).
   */
  append(entry: AuditEntry): Promise<void> {
    const safe: AuditEntry = {
      ...entry,
      requester: maskRequester(entry.requester),
      maskedIds: entry.maskedIds.map((id) => (id.includes('*') ? id : maskId(id))),
    };
    this.kept.push(safe);
    if (this.kept.length > this.maxEntries) this.kept.splice(0, this.kept.length - this.maxEntries);
    this.queue.push(JSON.stringify(safe));
    return this.schedule();
  }

  /** The entries kept, oldest first. */
  entries(): readonly AuditEntry[] {
    return this.kept;
  }

  /** Resolves once every entry appended so far is durable. */
  flush(): Promise<void> {
    return this.queue.length > 0 ? this.schedule() : this.last;
  }

  private schedule(): Promise<void> {
    if (this.pending) return this.pending;
    const write = this.last
      .catch(() => {}) // reported to that write's own callers
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => {
        this.pending = undefined;
        const lines = this.queue.splice(0);
        return this.write(lines).catch((error: unknown) => {
          this.queue.unshift(...lines);
          log.error({ err: error }, '审计日志写入失败');
          throw error;
        });
      });
    this.pending = write;
    this.last = write;
    return write;
  }

  private async write(lines: string[]): Promise<void> {
    if (lines.length === 0) return;
    const path = join(this.dir, AUDIT_FILES.current);
    if (this.inFile !== undefined && this.inFile + lines.length > this.maxEntries) {
      await this.fs.rename(path, join(this.dir, AUDIT_FILES.rotated));
      this.inFile = undefined;
    }
    const created = this.inFile === undefined;
    const text = `${created ? header() : ''}${lines.join('\n')}\n`;
    const handle = await this.fs.open(path, 'a', FILE_MODE);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (created) await syncDir(this.fs, this.dir);
    this.inFile = (this.inFile ?? 0) + lines.length;
  }
}

function header(): string {
  return `${encodeVersioned({}, AUDIT_VERSION)}\n`;
}

/** A whole file's text holding `entries`. */
function linesOf(entries: readonly AuditEntry[]): string {
  return header() + entries.map((e) => `${JSON.stringify(e)}\n`).join('');
}

/**
 * The entries of an audit file (`entries` undefined when there is none). A last line without its line break was
 * cut by a crash and is left out (`torn`); any other unreadable line makes the file corrupt, handled by `policy`.
 */
async function readLines(
  fs: StoreFs,
  path: string,
  policy: CorruptPolicy = 'refuse',
): Promise<{ entries?: AuditEntry[]; torn: boolean }> {
  const text = await readTextIfExists(fs, path);
  if (text === null) return { torn: false };
  const lines = text.split('\n');
  const tail = lines.pop() ?? '';
  try {
    const [first, ...rest] = lines;
    if (first === undefined) return { entries: [], torn: tail !== '' };
    decodeVersioned(first, path, AUDIT_VERSION);
    return { entries: rest.map((line, i) => parseEntry(line, path, i + 2)), torn: tail !== '' };
  } catch (error) {
    if (!(error instanceof StoreFileError && error.problem === 'unparsable' && policy === 'recover'))
      throw error;
    const aside = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await fs.rename(path, aside);
    log.error({ path, aside }, '数据文件已损坏，已移到一旁并以空文件重新开始');
    return { torn: false };
  }
}

function parseEntry(line: string, path: string, lineNumber: number): AuditEntry {
  try {
    return JSON.parse(line) as AuditEntry;
  } catch (cause) {
    throw new StoreFileError(
      'unparsable',
      path,
      `数据文件 ${path} 第 ${lineNumber} 行已损坏，无法读取。文件未被改动：请从备份恢复，或将它移走后再启动。`,
      { cause },
    );
  }
}

function maskRequester(requester: Requester): Requester {
  const masked: Requester = { ...requester };
  for (const key of ['userId', 'userName', 'room', 'file', 'enterprise'] as const) {
    const value = masked[key];
    if (value !== undefined) masked[key] = maskIdsInText(value);
  }
  return masked;
}
