/**
 * The files (and folders) a data directory of the file store held, as versions before the SQL store wrote them.
 * Fixed names of the past, spelled here rather than imported: the modules that wrote them move or go away.
 * `store migrate --from DIR` refuses a directory holding none of them (a wrong path, an empty folder).
 */
import { readdir } from 'node:fs/promises';

export const DATA_DIR_FILES: readonly string[] = [
  'cache.jsonl',
  'cache.json',
  'findings.jsonl',
  'findings.json',
  'audit.jsonl',
  'audit.1.jsonl',
  'audit.json',
  'checks.jsonl',
  'registry.json',
  'ledger.json',
  'chat-pending.json',
  'chat-stats.json',
  'chat-budget.json',
  'batch-jobs.json',
  'batch-inputs',
  'batch-verdicts',
  'bureau-outbox.jsonl',
  'mp-seen.jsonl',
  'photos',
];

/** The file-store names `dir` holds; rejects (ENOENT, ENOTDIR …) when it is not a readable directory. */
export async function dataDirFilesIn(dir: string): Promise<string[]> {
  const names = new Set(await readdir(dir));
  return DATA_DIR_FILES.filter((name) => names.has(name));
}
