/**
 * Reader of `mp-seen.jsonl`, where versions before the SQL store kept the service account's messages already
 * taken: a header `{"schemaVersion":1}`, then one `{"key","until"}` per line (a MsgId, or sender and CreateTime
 * for an event, with the moment in epoch ms until which a request carrying it could be accepted). Only read
 * (`store migrate`); the store keeps them in the `mp_seen` table now.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The file in the data directory. */
export const MP_SEEN_FILE = 'mp-seen.jsonl';

const HEADER = JSON.stringify({ schemaVersion: 1 });

/**
 * The keys of `dataDir`'s file with their moment (a key written twice: its later moment); no file: none. A line
 * that does not read (a crash mid-append), or a file of another layout, gives nothing.
 */
export async function readSeenFile(dataDir: string): Promise<Map<string, number>> {
  let text: string;
  try {
    text = await readFile(join(dataDir, MP_SEEN_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
  const [header = '', ...lines] = text.split('\n');
  const entries = new Map<string, number>();
  if (header !== HEADER) return entries;
  for (const line of lines) {
    const entry = readEntry(line);
    if (entry) entries.set(entry.key, Math.max(entry.until, entries.get(entry.key) ?? 0));
  }
  return entries;
}

function readEntry(line: string): { key: string; until: number } | undefined {
  try {
    const value = JSON.parse(line) as { key?: unknown; until?: unknown };
    if (typeof value.key === 'string' && typeof value.until === 'number') {
      return { key: value.key, until: value.until };
    }
  } catch {
    // an unreadable line (a crash mid-append) or the empty last one
  }
  return undefined;
}
