/**
 * The audit trail (table `audit_entries`): who asked what, with masked ID numbers only, oldest first in the order
 * appended, whichever instance appended. The latest `maxEntries` are kept: older ones are deleted at open and
 * every tenth of `maxEntries` appends of this instance, and `entries` never returns more. Nothing is kept in
 * memory: every read goes to the database.
 */
import { maskId, maskIdsInText } from '../domain/mask.js';
import type { Requester } from '../domain/query.js';
import type { SqlDb } from '../sql/db.js';
import { logger } from '../util/logger.js';
import { PendingWrites } from './sql/pending-writes.js';
import { jsonOf } from './sql/row-values.js';

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

/** Default number of entries kept. */
export const AUDIT_MAX_ENTRIES = 100_000;

export interface AuditLogOptions {
  maxEntries?: number;
}

/** The audit trail. Open with `AuditLog.open`. */
export class AuditLog {
  /** Appends not awaited by their caller, for `flush`. */
  private readonly writes = new PendingWrites();
  /** Appends of this instance since the last pruning. */
  private sincePrune = 0;

  private constructor(
    private readonly db: SqlDb,
    private readonly maxEntries: number,
  ) {}

  /** The trail in `db`, pruned to the latest `maxEntries`. */
  static async open(db: SqlDb, options: AuditLogOptions = {}): Promise<AuditLog> {
    const log = new AuditLog(db, options.maxEntries ?? AUDIT_MAX_ENTRIES);
    await log.prune();
    return log;
  }

  /**
   * Append an entry; resolves once committed. An unmasked number slipped in by mistake is masked here, and so is
   * any number in the requester's words (a roster named after a person, a nickname holding an ID).
   */
  append(entry: AuditEntry): Promise<void> {
    const safe: AuditEntry = {
      ...entry,
      requester: maskRequester(entry.requester),
      maskedIds: entry.maskedIds.map((id) => (id.includes('*') ? id : maskId(id))),
    };
    const write = this.insert(safe);
    this.writes.track(write, () => this.insert(safe));
    return write;
  }

  /** The latest `maxEntries` entries, oldest first. */
  async entries(): Promise<AuditEntry[]> {
    const rows = await this.db.query(
      'select entry from (select seq, entry from audit_entries order by seq desc limit $1) latest order by seq',
      [this.maxEntries],
    );
    return rows.map((row) => jsonOf<AuditEntry>(row.entry));
  }

  /** Resolves once every entry appended so far is committed (one that failed is appended again here). */
  flush(): Promise<void> {
    return this.writes.settle();
  }

  private async insert(entry: AuditEntry): Promise<void> {
    await this.db.query('insert into audit_entries (at, entry) values ($1::timestamptz, $2::json)', [
      entry.at,
      JSON.stringify(entry),
    ]);
    // Not part of the append: an append done again must not be one whose pruning failed after its insert.
    if (++this.sincePrune >= Math.max(1, Math.floor(this.maxEntries / 10)))
      await this.prune().catch((error: unknown) =>
        log.warn({ err: error }, '审计记录清理失败（下次再清理）'),
      );
  }

  /** Delete all but the latest `maxEntries` entries. */
  private async prune(): Promise<void> {
    this.sincePrune = 0;
    await this.db.query(
      'delete from audit_entries where seq <= (select seq from audit_entries order by seq desc offset $1 limit 1)',
      [this.maxEntries],
    );
  }
}

/** The requester with any ID number in its words masked. */
function maskRequester(requester: Requester): Requester {
  const masked: Requester = { ...requester };
  for (const key of ['userId', 'userName', 'room', 'file', 'enterprise'] as const) {
    const value = masked[key];
    if (value !== undefined) masked[key] = maskIdsInText(value);
  }
  return masked;
}
