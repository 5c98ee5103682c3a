/**
 * audit.json: who asked what, with masked ID numbers only. Keeps the latest `maxEntries` entries (older ones
 * are dropped on append), so the file stays small enough to rewrite on every change.
 */
import { maskId } from '../domain/mask.js';
import type { Requester } from '../domain/query.js';
import type { JsonFile } from './json-file.js';

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

/** audit.json contents. */
export interface AuditData {
  entries: AuditEntry[];
}

/** Current layout version of audit.json. */
export const AUDIT_VERSION = 1;

/** Default number of entries kept. */
export const AUDIT_MAX_ENTRIES = 100_000;

/** The audit trail kept in audit.json. */
export class AuditLog {
  constructor(
    private readonly file: JsonFile<AuditData>,
    private readonly maxEntries: number = AUDIT_MAX_ENTRIES,
  ) {}

  /** Append an entry; resolves once durable. An unmasked number slipped in by mistake is masked here. */
  append(entry: AuditEntry): Promise<void> {
    const safe: AuditEntry = {
      ...entry,
      maskedIds: entry.maskedIds.map((id) => (id.includes('*') ? id : maskId(id))),
    };
    return this.file.update((d) => {
      d.entries.push(safe);
      const excess = d.entries.length - this.maxEntries;
      if (excess > 0) d.entries.splice(0, excess);
    });
  }

  /** The entries kept, oldest first. */
  entries(): readonly AuditEntry[] {
    return this.file.data.entries;
  }
}
