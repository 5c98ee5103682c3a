/**
 * cache.jsonl: what the platform answered, per person type + ID number + name. A fresh answer saves a query;
 * an expired one is still handed out (fresh=false) for use when the platform cannot be reached.
 * Positive answers (something current or in history) stay fresh `positiveTtlDays`, empty ones `negativeTtlDays`.
 * Append-only JSON lines (jsonl-file.ts): storing an answer appends its line, and a later line for the same key
 * replaces an earlier one. Once the file holds many more lines than answers it is rewritten with one line each
 * (on open, or when a put takes it past that). A cache.json of the previous layout (one JSON document, which
 * every put rewrote whole: half a second at 100,000 answers) is converted on open. In memory the answers live
 * in a map by `cacheKey` (O(1) hits), with an index by ID number.
 */

import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import type { LookupAnswer, PersonType } from '../domain/certificate.js';
import { logger } from '../util/logger.js';
import type { StoreFs } from './atomic-write.js';
import { convertLegacyDocument, JsonLinesFile } from './jsonl-file.js';
import { decodeVersioned } from './versioned-json.js';

const log = logger('store');

/** Which answer: the three things the platform is asked. */
export interface CacheKey {
  personType: PersonType;
  idNumber: string;
  name: string;
}

/** One cached answer as stored. */
export interface StoredAnswer extends CacheKey {
  answer: LookupAnswer;
  /** ISO instant it was stored. */
  storedAt: string;
}

/** A cached answer and whether it is still fresh at the time asked. */
export interface CachedAnswer {
  answer: LookupAnswer;
  storedAt: string;
  fresh: boolean;
}

/** A cached answer found by ID number, with the name and kind it was asked under. */
export interface CachedAnswerOfId extends CachedAnswer, CacheKey {}

/** Whether a line of the cache holds an answer (a line that does not is set aside, see jsonl-file.ts). */
function isStoredAnswer(line: object): boolean {
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

/** Current layout version (1 was cache.json, one JSON document; 2 is JSON lines). */
export const CACHE_VERSION = 2;

/** The cache files in the data directory: current and the previous layout's. */
export const CACHE_FILES = { current: 'cache.jsonl', legacy: 'cache.json' } as const;

/** Lines beyond twice the answers tolerated before the file is rewritten with one line per answer. */
const COMPACT_SLACK = 10_000;

export interface AnswerCacheOptions {
  ttl: Config['cache'];
  fs: StoreFs;
}

/** The string a key is stored under. */
export function cacheKey(key: CacheKey): string {
  return `${key.personType}|${key.idNumber}|${key.name.trim()}`;
}

const DAY_MS = 86_400_000;

/** Platform answers kept in cache.jsonl. Open with `AnswerCache.open`. */
export class AnswerCache {
  private readonly entries = new Map<string, StoredAnswer>();
  private readonly byId = new Map<string, Set<string>>();
  /** The rewrite asked for and not yet done. */
  private compacting: Promise<void> | undefined;

  private constructor(
    private readonly file: JsonLinesFile<StoredAnswer>,
    records: readonly StoredAnswer[],
    private readonly ttl: Config['cache'],
  ) {
    for (const entry of records) this.remember(entry);
  }

  /**
   * Read the cache in `dir` (converting a cache.json of the previous layout, rewriting a file that holds many
   * superseded lines). Rejects with store_corrupt.
   */
  static async open(dir: string, options: AnswerCacheOptions): Promise<AnswerCache> {
    const { fs } = options;
    const path = join(dir, CACHE_FILES.current);
    const legacyPath = join(dir, CACHE_FILES.legacy);
    const converted = await convertLegacyDocument(fs, legacyPath, path, CACHE_VERSION, (text) =>
      Object.values(
        decodeVersioned<{ entries: Record<string, StoredAnswer> }>(text, legacyPath, 1).data.entries,
      ),
    );
    if (converted !== undefined) log.info({ path, answers: converted }, '查询缓存已转换为逐行追加的格式');
    const read = await JsonLinesFile.open<StoredAnswer>({
      path,
      fs,
      version: CACHE_VERSION,
      accept: isStoredAnswer,
    });
    const cache = new AnswerCache(read.file, read.records, options.ttl);
    if (cache.bloated()) await cache.compact();
    return cache;
  }

  /** The answer cached for `key`, fresh or not; undefined when never cached. */
  get(key: CacheKey, now: Date): CachedAnswer | undefined {
    const entry = this.entries.get(cacheKey(key));
    return entry && this.view(entry, now);
  }

  /** Store (or replace) the answer for `key`; resolves once durable. */
  put(key: CacheKey, answer: LookupAnswer, now: Date): Promise<void> {
    const entry: StoredAnswer = {
      personType: key.personType,
      idNumber: key.idNumber,
      name: key.name.trim(),
      answer,
      storedAt: now.toISOString(),
    };
    this.remember(entry);
    const appended = this.file.append(entry);
    return this.bloated() ? this.compact() : (this.compacting ?? appended);
  }

  /** Resolves once every answer stored so far is durable. */
  flush(): Promise<void> {
    return this.file.flush();
  }

  /** Every answer cached for this ID number, under any name or person type (freshness judged at `now`). */
  findById(idNumber: string, now: Date = new Date()): CachedAnswerOfId[] {
    const keys = this.byId.get(idNumber);
    if (!keys) return [];
    const out: CachedAnswerOfId[] = [];
    for (const k of keys) {
      const entry = this.entries.get(k);
      if (entry)
        out.push({ ...this.view(entry, now), personType: entry.personType, idNumber, name: entry.name });
    }
    return out;
  }

  /** Number of cached answers. */
  get size(): number {
    return this.entries.size;
  }

  private view(entry: StoredAnswer, now: Date): CachedAnswer {
    const positive = entry.answer.current.length + entry.answer.history.length > 0;
    const ttlDays = positive ? this.ttl.positiveTtlDays : this.ttl.negativeTtlDays;
    const age = now.getTime() - Date.parse(entry.storedAt);
    return { answer: entry.answer, storedAt: entry.storedAt, fresh: age < ttlDays * DAY_MS };
  }

  private remember(entry: StoredAnswer): void {
    const key = cacheKey(entry);
    this.entries.set(key, entry);
    const keys = this.byId.get(entry.idNumber);
    if (keys) keys.add(key);
    else this.byId.set(entry.idNumber, new Set([key]));
  }

  /** Whether the file (with the lines on their way) holds so many superseded lines that it should be rewritten. */
  private bloated(): boolean {
    return (
      this.compacting === undefined &&
      this.file.lines + this.file.queued > 2 * this.entries.size + COMPACT_SLACK
    );
  }

  /** Rewrite the file with one line per answer (puts made meanwhile are in it and resolve with it). */
  private compact(): Promise<void> {
    const lines = this.file.lines + this.file.queued;
    this.compacting = this.file
      .compact(() => this.entries.values())
      .then(
        () => {
          this.compacting = undefined;
          log.info({ lines, answers: this.entries.size }, '查询缓存文件已压缩');
        },
        (error: unknown) => {
          this.compacting = undefined;
          throw error;
        },
      );
    return this.compacting;
  }
}
