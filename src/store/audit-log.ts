/**
 * audit.jsonl: who asked what, with masked ID numbers only. Append-only JSON lines — a header line with the
 * schema version, then one entry per line — so an append costs its own line, never a rewrite of the whole trail
 * (a 100,000-entry JSON document took a quarter of a second to serialise, stalling the bot on every query).
 * Appends made together are written and fsynced together. When the file holds `maxEntries` entries it is rotated
 * to audit.1.jsonl (the previous one dropped): the disk holds at most twice that, and the latest `maxEntries` are
 * always kept. An audit.json of the previous layout (one JSON document) is converted on open. The file mechanics
 * (appends, fsync, torn last line, rotation) are jsonl-file.ts's.
 */
import { join } from 'node:path';
import { maskId, maskIdsInText } from '../domain/mask.js';
import type { Requester } from '../domain/query.js';
import { logger } from '../util/logger.js';
import type { StoreFs } from './atomic-write.js';
import { convertLegacyDocument, JsonLinesFile, readJsonLines } from './jsonl-file.js';
import { decodeVersioned } from './versioned-json.js';

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
  fs: StoreFs;
}

/** The audit trail. Open with `AuditLog.open`. */
export class AuditLog {
  private constructor(
    private readonly file: JsonLinesFile<AuditEntry>,
    private readonly maxEntries: number,
    /** The latest entries, oldest first, at most `maxEntries`. */
    private readonly kept: AuditEntry[],
  ) {}

  /** Read the trail in `dir` (converting an audit.json of the previous layout). Rejects with store_corrupt. */
  static async open(dir: string, options: AuditLogOptions): Promise<AuditLog> {
    const { fs } = options;
    const maxEntries = options.maxEntries ?? AUDIT_MAX_ENTRIES;
    const path = join(dir, AUDIT_FILES.current);
    const rotatedPath = join(dir, AUDIT_FILES.rotated);
    const legacyPath = join(dir, AUDIT_FILES.legacy);
    const converted = await convertLegacyDocument(
      fs,
      legacyPath,
      path,
      AUDIT_VERSION,
      (text) => decodeVersioned<{ entries: AuditEntry[] }>(text, legacyPath, 1).data.entries,
    );
    if (converted !== undefined) log.info({ path, entries: converted }, '审计日志已转换为逐行追加的格式');
    const rotated = await readJsonLines<AuditEntry>(fs, rotatedPath, { version: AUDIT_VERSION });
    const current = await JsonLinesFile.open<AuditEntry>({
      path,
      fs,
      version: AUDIT_VERSION,
      rotate: { maxLines: maxEntries, path: rotatedPath },
    });
    const kept = [...(rotated.records ?? []), ...current.records].slice(-maxEntries);
    return new AuditLog(current.file, maxEntries, kept);
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
    return this.file.append(safe);
  }

  /** The entries kept, oldest first. */
  entries(): readonly AuditEntry[] {
    return this.kept;
  }

  /** Resolves once every entry appended so far is durable. */
  flush(): Promise<void> {
    return this.file.flush();
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
