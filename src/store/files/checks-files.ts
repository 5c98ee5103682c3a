/**
 * The check tally of a data directory of the file store (before the SQL store), read for `store migrate`:
 * checks.jsonl, later lines superseding earlier ones of the same day, enterprise and person. Only read.
 */
import { join } from 'node:path';
import { type CheckEntry, latestChecks } from '../check-tally.js';
import { readJsonLines } from '../jsonl-file.js';
import type { StoreFs } from '../store-fs.js';

/** The tally's file in a data directory. */
export const CHECKS_FILE = 'checks.jsonl';

function isCheckEntry(record: object): boolean {
  const r = record as Partial<CheckEntry>;
  return typeof r.idNumber === 'string' && typeof r.status === 'string' && typeof r.day === 'string';
}

/** The latest entry per day, enterprise and person in `dir`, in the order of their latest line. */
export async function readChecksFile(dir: string, fs: StoreFs): Promise<CheckEntry[]> {
  const read = await readJsonLines<CheckEntry>(fs, join(dir, CHECKS_FILE), {
    version: 1,
    accept: isCheckEntry,
  });
  return latestChecks(read.records ?? []);
}
