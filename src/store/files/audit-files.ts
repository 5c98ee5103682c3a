/**
 * The audit trail of a data directory of the file store (before the SQL store), read for `store migrate`:
 * audit.1.jsonl (the rotated generation) and audit.jsonl, or an audit.json of the previous layout (one JSON
 * document) in audit.jsonl's place, the latest AUDIT_MAX_ENTRIES of them as the file store kept. Only read.
 */
import { join } from 'node:path';
import { AUDIT_MAX_ENTRIES, type AuditEntry } from '../audit-log.js';
import { readJsonLines } from '../jsonl-file.js';
import { readTextIfExists, type StoreFs } from '../store-fs.js';
import { decodeVersioned } from '../versioned-json.js';

/** Layout version of audit.jsonl (1 was audit.json, one JSON document). */
const AUDIT_VERSION = 2;

/** The audit files in a data directory: current, rotated, and the previous layout's. */
export const AUDIT_FILES = {
  current: 'audit.jsonl',
  rotated: 'audit.1.jsonl',
  legacy: 'audit.json',
} as const;

/** The entries the file store kept in `dir`, oldest first. Rejects with store_corrupt. */
export async function readAuditFiles(dir: string, fs: StoreFs): Promise<AuditEntry[]> {
  const read = (name: string) => readJsonLines<AuditEntry>(fs, join(dir, name), { version: AUDIT_VERSION });
  const rotated = (await read(AUDIT_FILES.rotated)).records ?? [];
  const legacyPath = join(dir, AUDIT_FILES.legacy);
  const legacy = await readTextIfExists(fs, legacyPath);
  // An audit.json beside audit.jsonl is one whose conversion was cut short: the file store took it.
  const current =
    legacy === null
      ? ((await read(AUDIT_FILES.current)).records ?? [])
      : decodeVersioned<{ entries: AuditEntry[] }>(legacy, legacyPath, 1).data.entries;
  return [...rotated, ...current].slice(-AUDIT_MAX_ENTRIES);
}
