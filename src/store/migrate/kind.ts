/**
 * One kind of record `cert-verify store migrate --from DIR` carries from a data directory's files (the file
 * store of versions before the SQL store) into the store's database. Each kind reads its files with the old
 * readers, writes what the database lacks and says how many records the files hold and how many of them the
 * database now holds: running it again adds nothing, and a difference between the two counts stops the
 * migration. The files are only read.
 */
import type { SqlDb } from '../../sql/db.js';

/** What one kind found and where it stands. */
export interface KindCount {
  /** Records in the files. */
  read: number;
  /** Of those, records the database holds after this run (equal to `read` when nothing is missing). */
  stored: number;
  /** Written by this run (0 on a second run). */
  added: number;
}

export interface MigrationKind {
  /** Stable name (`answers`, `findings` …) for the command's output and its --json. */
  name: string;
  /** What it is, as the operator reads it (答案缓存, 问题记录 …). */
  label: string;
  /** Read the kind's files in `fromDir` (absent files: zero records) and store what is missing. */
  run(fromDir: string, db: SqlDb): Promise<KindCount>;
}
