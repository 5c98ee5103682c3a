/**
 * The answer cache as versions before the SQL store kept it in the data directory, read only: `cache.jsonl`
 * (a header line, then one answer per line; a later line for a key replaced an earlier one) and the layout before
 * it, `cache.json` (one JSON document). `store migrate` carries what they hold into the database
 * (migrate/answers.ts); the benchmarks compare the old in-memory cache (AnswerFile) with the new one.
 */
import { join } from 'node:path';
import type { Config } from '../../config/schema.js';
import {
  type CachedAnswer,
  type CachedAnswerOfId,
  type CacheKey,
  cacheKey,
  type StoredAnswer,
  viewAnswer,
  viewOfId,
} from '../answers.js';
import { readTextIfExists, realFs, type StoreFs } from '../store-fs.js';
import { decodeVersioned } from '../versioned-json.js';

/** Layout version of cache.jsonl (1 was cache.json, one JSON document; 2 is JSON lines). */
export const CACHE_VERSION = 2;

/** The cache files of a data directory: the last layout and the one before. */
export const CACHE_FILES = { current: 'cache.jsonl', legacy: 'cache.json' } as const;

/** Whether a line of the cache holds an answer (one that does not was set aside by the old store). */
function isStoredAnswer(line: unknown): line is StoredAnswer {
  if (typeof line !== 'object' || line === null) return false;
  const { personType, idNumber, name, answer, storedAt } = line as Partial<StoredAnswer>;
  return (
    typeof personType === 'string' &&
    typeof idNumber === 'string' &&
    typeof name === 'string' &&
    typeof storedAt === 'string' &&
    typeof answer === 'object' &&
    answer !== null &&
    Array.isArray(answer.current) &&
    Array.isArray(answer.history)
  );
}

/** One JSON line's value, undefined when it is not JSON. */
function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/**
 * Every answer the cache files of `dir` hold, the latest per key (cache.json first, then cache.jsonl's lines in
 * order); absent files hold none. Lines that are no answer are skipped; nothing is written. Rejects with
 * store_corrupt when cache.json cannot be read or a file is of a newer layout.
 */
export async function readAnswerFiles(dir: string, fs: StoreFs = realFs): Promise<StoredAnswer[]> {
  const byKey = new Map<string, StoredAnswer>();
  const keep = (entry: unknown) => {
    if (isStoredAnswer(entry)) byKey.set(cacheKey(entry), { ...entry, name: entry.name.trim() });
  };
  const legacyPath = join(dir, CACHE_FILES.legacy);
  const legacy = await readTextIfExists(fs, legacyPath);
  if (legacy !== null) {
    const { entries } = decodeVersioned<{ entries: Record<string, unknown> }>(legacy, legacyPath, 1).data;
    for (const entry of Object.values(entries ?? {})) keep(entry);
  }
  const path = join(dir, CACHE_FILES.current);
  const lines = (await readTextIfExists(fs, path))?.split('\n') ?? [];
  const [header, ...rest] = lines;
  if (header) decodeVersioned(header, path, CACHE_VERSION);
  for (const line of rest) if (line !== '') keep(parseLine(line));
  return [...byKey.values()];
}

/**
 * Today's cache before the SQL store, for the benchmarks to compare with: every answer of the files held in
 * memory, in a map by key with an index by ID number.
 */
export class AnswerFile {
  private readonly entries = new Map<string, StoredAnswer>();
  private readonly byId = new Map<string, StoredAnswer[]>();

  private constructor(
    records: readonly StoredAnswer[],
    private readonly ttl: Config['cache'],
  ) {
    for (const entry of records) {
      this.entries.set(cacheKey(entry), entry);
      const same = this.byId.get(entry.idNumber);
      if (same) same.push(entry);
      else this.byId.set(entry.idNumber, [entry]);
    }
  }

  /** Read the cache files of `dir`. */
  static async open(dir: string, ttl: Config['cache']): Promise<AnswerFile> {
    return new AnswerFile(await readAnswerFiles(dir), ttl);
  }

  get(key: CacheKey, now: Date): CachedAnswer | undefined {
    const entry = this.entries.get(cacheKey(key));
    return entry && viewAnswer(entry, this.ttl, now);
  }

  findById(idNumber: string, now: Date = new Date()): CachedAnswerOfId[] {
    return (this.byId.get(idNumber) ?? []).map((entry) => viewOfId(entry, this.ttl, now));
  }

  get size(): number {
    return this.entries.size;
  }
}
