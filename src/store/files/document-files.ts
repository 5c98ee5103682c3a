/**
 * The `<name>.json` files other modules kept in the data directory before the SQL store (chat-stats,
 * chat-budget, ledger): read only, as they are (their own version, not migrated), by `store migrate`, which
 * carries each into the document of the same name (chat-pending.json goes into a table of its own: migrate/pending.ts;
 * batch-jobs.json: batch-job-files.ts).
 */
import { join } from 'node:path';
import { readTextIfExists, realFs } from '../store-fs.js';
import { splitVersioned } from '../versioned-json.js';

/** The documents the old store kept as files, by name. */
export const DOCUMENT_FILE_NAMES = ['chat-stats', 'chat-budget', 'ledger'] as const;

/** One such file: its data and the version it was written in. */
export interface DocumentFile {
  name: string;
  version: number;
  data: unknown;
}

/** The document files present in the data directory `dir`. Throws StoreFileError for one that is not JSON. */
export async function readDocumentFiles(dir: string): Promise<DocumentFile[]> {
  const found: DocumentFile[] = [];
  for (const name of DOCUMENT_FILE_NAMES) {
    const path = join(dir, `${name}.json`);
    const text = await readTextIfExists(realFs, path);
    if (text === null) continue;
    const { data, fromVersion } = splitVersioned(text, path);
    found.push({ name, version: fromVersion, data });
  }
  return found;
}
