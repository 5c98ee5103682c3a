/**
 * The audit trail (table `audit_entries`): who asked what, with masked ID numbers only, oldest first in the order
 * appended, whichever instance appended. The latest `maxEntries` are kept: older ones are deleted at open and
 * every tenth of `maxEntries` appends of this instance, and `entries` never returns more. Entries are written
 * together, in one statement, AUDIT_WRITE_DELAY_MS after the first of them (at `flush`, at the store's close and
 * before `entries` at once): a crash may lose those of the last moment, a clean stop none. Nothing is kept in
 * memory but the entries waiting for their write: every read goes to the database.
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

/** How long entries wait to be written together: a statement per verification slowed a roster's rows. */
export const AUDIT_WRITE_DELAY_MS = 200;

/**
 * Entries in the order given ($1, a JSON array of them): each its own text as given (`json` keeps it), taking
 * order numbers in that order.
 */
const INSERT_ENTRIES = `insert into audit_entries (at, entry)
  select (e->>'at')::timestamptz, e from json_array_elements($1::json) with ordinality as t(e, ord) order by ord`;

/** Default number of entries kept. */
export const AUDIT_MAX_ENTRIES = 100_000;

export interface AuditLogOptions {
  maxEntries?: number;
}

/** The audit trail. Open with `AuditLog.open`. */
export class AuditLog {
  /** Writes not awaited by their caller, for `flush`. */
  private readonly writes = new PendingWrites();
  /** Entries waiting for their write, with their appender's promise. */
  private waiting: Array<{ entry: AuditEntry; done: (error?: unknown) => void }> = [];
  private timer: NodeJS.Timeout | undefined;
  /** Settles once the latest write has: writes go one after another, so entries keep their order. */
  private lastWrite: Promise<unknown> = Promise.resolve();
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
   * Append an entry; resolves once committed (with the others of its moment, see the file's comment). An
   * unmasked number slipped in by mistake is masked here, and so is any number in the requester's words (a roster
   * named after a person, a nickname holding an ID).
   */
  append(entry: AuditEntry): Promise<void> {
    const safe: AuditEntry = {
      ...entry,
      requester: maskRequester(entry.requester),
      maskedIds: entry.maskedIds.map((id) => (id.includes('*') ? id : maskId(id))),
    };
    const written = new Promise<void>((resolve, reject) => {
      this.waiting.push({ entry: safe, done: (error) => (error === undefined ? resolve() : reject(error)) });
    });
    this.timer ??= setTimeout(() => this.write(), AUDIT_WRITE_DELAY_MS).unref();
    return written;
  }

  /** The latest `maxEntries` entries, oldest first (this instance's waiting entries written first). */
  async entries(): Promise<AuditEntry[]> {
    await this.flush();
    const rows = await this.db.query(
      'select entry from (select seq, entry from audit_entries order by seq desc limit $1) latest order by seq',
      [this.maxEntries],
    );
    return rows.map((row) => jsonOf<AuditEntry>(row.entry));
  }

  /** Resolves once every entry appended so far is committed (a write that failed is done again here). */
  flush(): Promise<void> {
    this.write();
    return this.writes.settle();
  }

  /** Write the waiting entries in one statement, after the writes before it. */
  private write(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.waiting.length === 0) return;
    const group = this.waiting.splice(0);
    const entries = group.map((w) => w.entry);
    const write = this.lastWrite.then(() => this.insert(entries));
    this.lastWrite = write.catch(() => {});
    write.then(
      () => {
        for (const w of group) w.done();
      },
      (error: unknown) => {
        for (const w of group) w.done(error);
      },
    );
    this.writes.track(write, () => this.insert(entries));
  }

  private async insert(entries: readonly AuditEntry[]): Promise<void> {
    await this.db.query(INSERT_ENTRIES, [JSON.stringify(entries)]);
    // Not part of the append: a write done again must not be one whose pruning failed after its insert.
    this.sincePrune += entries.length;
    if (this.sincePrune >= Math.max(1, Math.floor(this.maxEntries / 10)))
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
