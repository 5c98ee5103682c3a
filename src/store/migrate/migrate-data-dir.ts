/**
 * `store migrate --from DIR`: run each kind over a data directory of the file store, one after the other, and
 * say what each read, holds and added. The files are only read (each kind reads them with the old readers); a
 * kind whose database count differs from its files' is named in the outcome, and the command refuses to finish.
 */
import { resolve } from 'node:path';
import { CertVerifyError, InputError } from '../../domain/errors.js';
import type { SqlDb } from '../../sql/db.js';
import { dataDirFilesIn } from './data-dir-files.js';
import type { KindCount, MigrationKind } from './kind.js';
import { kindFailedText, mismatchText, missingDirText, notDataDirText } from './migrate-words.js';

/** One kind's counts, with its names. */
export interface KindOutcome extends KindCount {
  name: string;
  label: string;
}

export interface MigrationOutcome {
  /** The directory read, absolute. */
  from: string;
  /** Every kind, in the order run. */
  kinds: KindOutcome[];
}

/**
 * `fromDir` made absolute, once it is known to be a data directory of the file store (holding at least one of
 * its files); else an InputError saying why. Called before the store opens, so a wrong path changes nothing.
 */
export async function checkedDataDir(fromDir: string): Promise<string> {
  const from = resolve(fromDir);
  let present: string[];
  try {
    present = await dataDirFilesIn(from);
  } catch (error) {
    throw new InputError(missingDirText(from), { cause: error });
  }
  if (present.length === 0) throw new InputError(notDataDirText(from));
  return from;
}

/** Run `kinds` over the data directory `from` (see checkedDataDir) into `db`, one after the other. */
export async function migrateDataDir(
  from: string,
  db: SqlDb,
  kinds: readonly MigrationKind[],
): Promise<MigrationOutcome> {
  const outcomes: KindOutcome[] = [];
  for (const kind of kinds) {
    try {
      const count = await kind.run(from, db);
      outcomes.push({ name: kind.name, label: kind.label, ...count });
    } catch (error) {
      throw new Error(kindFailedText(kind, (error as Error)?.message ?? String(error)), { cause: error });
    }
  }
  return { from, kinds: outcomes };
}

/** The kinds whose database does not hold every record of their files. */
export function mismatched(outcome: MigrationOutcome): KindOutcome[] {
  return outcome.kinds.filter((kind) => kind.stored !== kind.read);
}

/** Throw the refusal naming the kinds whose counts differ, if any (the command prints the table first). */
export function refuseOnMismatch(wrong: readonly KindOutcome[]): void {
  if (wrong.length > 0) throw new CertVerifyError('migration_mismatch', mismatchText(wrong));
}
