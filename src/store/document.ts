/**
 * A JSON document of the store: one row of `documents` (name, version, revision, data json), for what other
 * modules keep through `store.file` (chat-stats, chat-budget, batch-jobs, ledger). Several instances
 * may share a document: `update` locks the row (`select … for update`), applies the change to the data as the
 * database holds it now, writes it back and refreshes the local copy, so no instance loses another's change.
 *
 * `data` is this instance's copy: as fresh as its own last update or `reload()`. A caller that must see another
 * instance's changes reloads first; each owner says where its reads may be stale.
 */
import type { SqlDb, SqlRunner } from '../sql/db.js';
import { logger } from '../util/logger.js';
import { checkShape } from './data-shape.js';
import { type Migrations, migrateVersioned, StoreFileError } from './versioned-json.js';

const log = logger('store');

/** What to do with a document of the wrong shape: refuse to start (default), or set it aside and start empty. */
export type CorruptPolicy = 'refuse' | 'recover';

export interface DocumentOptions<T> {
  /** Current schema version of the data. */
  version: number;
  /** Data of a document that does not exist yet. */
  defaults: () => T;
  /** `migrations[k]` turns version k into k+1, applied when an older document is read (and written back). */
  migrations?: Migrations;
  /**
   * `refuse` (default): a document of the wrong shape (a field of `defaults` missing or of another kind) stops
   * the open with a `store_corrupt` error and is left untouched. `recover`: it is renamed
   * `<name>.corrupt-<timestamp>` and the document starts from `defaults`.
   */
  onCorrupt?: CorruptPolicy;
}

type DocumentRow = {
  version: number;
  revision: number | string;
  data: unknown;
};

/** A document as read: its data at the current version, the revision it had, whether it was older. */
interface Loaded<T> {
  data: T;
  revision: number;
  migrated: boolean;
}

/** A document of the store's database. Open with `StoreDocument.open`. */
export class StoreDocument<T extends object> {
  /** This instance's updates, one after another (each its own transaction). */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly db: SqlDb,
    /** The document's name (its row's key). */
    readonly name: string,
    private readonly options: DocumentOptions<T>,
    private local: T,
    /** The revision `local` was read at (0: no row yet). */
    private revision: number,
  ) {}

  /** Read the document (defaults when it has no row yet); an older version is migrated and written back. */
  static async open<T extends object>(
    db: SqlDb,
    name: string,
    options: DocumentOptions<T>,
  ): Promise<StoreDocument<T>> {
    let loaded: Loaded<T> | undefined;
    try {
      loaded = await read(db, name, options);
    } catch (error) {
      if (
        !(
          error instanceof StoreFileError &&
          error.problem === 'wrong_shape' &&
          options.onCorrupt === 'recover'
        )
      )
        throw error;
      const aside = `${name}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await db.query('update documents set name = $2 where name = $1', [name, aside]);
      log.error({ name, aside }, '数据库中的文档结构不对，已改名留存并以空文档重新开始');
    }
    const doc = new StoreDocument<T>(
      db,
      name,
      options,
      loaded?.data ?? options.defaults(),
      loaded?.revision ?? 0,
    );
    if (loaded?.migrated) {
      await doc.update(() => {});
      log.info({ name, to: options.version }, '文档已升级到新的格式版本');
    }
    return doc;
  }

  /** This instance's copy, as of its last update or reload; read freely, change only through `update`. */
  get data(): T {
    return this.local;
  }

  /**
   * Apply `mutate` to the document as the database holds it now, in one transaction with the row locked, and
   * refresh the local copy; resolves once committed. `mutate` runs once, when the row is locked: the change is
   * not in `data` before the returned promise resolves. A `mutate` that throws rolls the change back.
   */
  update(mutate: (data: T) => void): Promise<void> {
    const run = this.queue.then(
      () => this.apply(mutate),
      () => this.apply(mutate),
    );
    this.queue = run.catch((error: unknown) => log.error({ name: this.name, err: error }, '文档写入失败'));
    return run;
  }

  /** Take another instance's changes into the local copy (nothing when the copy is current). */
  async reload(): Promise<void> {
    const rows = await this.db.query<DocumentRow>(
      'select version, revision, data from documents where name = $1 and revision > $2',
      [this.name, this.revision],
    );
    const row = rows[0];
    if (row === undefined) return;
    const loaded = decode(this.name, row, this.options);
    // An update of this instance may have committed a later revision meanwhile.
    if (loaded.revision > this.revision) this.take(loaded);
  }

  /** Resolves once every update begun so far has settled (a failed one was reported to its own caller). */
  async flush(): Promise<void> {
    await this.queue;
  }

  private async apply(mutate: (data: T) => void): Promise<void> {
    const committed = await this.db.transaction(async (tx) => {
      const current = await this.lockRow(tx);
      mutate(current.data);
      const written = await tx.query<{ revision: number | string }>(
        `update documents set version = $2, data = $3::json, revision = revision + 1, updated_at = now()
         where name = $1 returning revision`,
        [this.name, this.options.version, JSON.stringify(current.data)],
      );
      return { data: current.data, revision: Number(written[0]?.revision), migrated: false };
    });
    // Only once committed: the caller's next step (in the same turn) sees the change in `data`.
    this.take(committed);
  }

  /** Lock the document's row (made first when absent) and return its data: the local copy when that is current. */
  private async lockRow(tx: SqlRunner): Promise<Loaded<T>> {
    // Rows are never deleted: once this instance has seen one, it is there.
    if (this.revision === 0)
      await tx.query(
        `insert into documents (name, version, revision, data) values ($1, $2, 0, $3::json)
       on conflict (name) do nothing`,
        [this.name, this.options.version, JSON.stringify(this.options.defaults())],
      );
    const [head] = await tx.query<{ revision: number | string }>(
      'select revision from documents where name = $1 for update',
      [this.name],
    );
    const revision = Number(head?.revision);
    if (revision === this.revision) return { data: structuredClone(this.local), revision, migrated: false };
    const [row] = await tx.query<DocumentRow>(
      'select version, revision, data from documents where name = $1',
      [this.name],
    );
    if (row === undefined) throw new Error(`document ${this.name} vanished under its lock`);
    return decode(this.name, row, this.options);
  }

  private take(loaded: Loaded<T>): void {
    this.local = loaded.data;
    this.revision = loaded.revision;
  }
}

/** Read the document's row, if any. */
async function read<T extends object>(
  db: SqlDb,
  name: string,
  options: DocumentOptions<T>,
): Promise<Loaded<T> | undefined> {
  const [row] = await db.query<DocumentRow>('select version, revision, data from documents where name = $1', [
    name,
  ]);
  return row === undefined ? undefined : decode(name, row, options);
}

/** A row's data at the current version, shape-checked. */
function decode<T extends object>(name: string, row: DocumentRow, options: DocumentOptions<T>): Loaded<T> {
  const where = documentLabel(name);
  const data = migrateVersioned<T>(row.data, row.version, where, options.version, options.migrations);
  checkShape(data, options.defaults(), where);
  return { data, revision: Number(row.revision), migrated: row.version < options.version };
}

/** How messages name a document. */
export function documentLabel(name: string): string {
  return `数据库文档 ${name}`;
}
