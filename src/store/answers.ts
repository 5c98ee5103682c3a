/**
 * What the answer cache holds and hands out, whichever store keeps it (answer-store.ts on the database; the
 * cache.jsonl reader of files/answer-file.ts for migration and the benchmarks): what the platform answered, per
 * person type + ID number + name. A fresh answer saves a query; an expired one is still handed out (fresh=false)
 * for use when the platform cannot be reached. Positive answers (something current or in history) stay fresh
 * `positiveTtlDays`, empty ones `negativeTtlDays`.
 */
import type { Config } from '../config/schema.js';
import type { LookupAnswer, PersonType } from '../domain/certificate.js';

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

/** The answer cache as the pipeline and the ledger use it. */
export interface AnswerCache {
  /** The answer cached for `key`, fresh or not; undefined when never cached. */
  get(key: CacheKey, now: Date): Promise<CachedAnswer | undefined>;
  /** Store (or replace with a newer one) the answer for `key`; resolves once durable. */
  put(key: CacheKey, answer: LookupAnswer, now: Date): Promise<void>;
  /** Every answer cached for this ID number, under any name or person type (freshness judged at `now`). */
  findById(idNumber: string, now?: Date): Promise<CachedAnswerOfId[]>;
  /** Of `keys`, those (as `cacheKey` strings) with a fresh answer at `now`. */
  freshKeys(keys: readonly CacheKey[], now: Date): Promise<Set<string>>;
  /**
   * Read the answers of these ID numbers in one query into the memory in front of the table (as many as it
   * holds), so the `get`s and `findById`s that follow need no query each: a roster's next rows.
   */
  prefetch(idNumbers: readonly string[]): Promise<void>;
  /** Number of cached answers. */
  count(): Promise<number>;
  /** Resolves once every answer stored so far has been written (or failed). */
  flush(): Promise<void>;
}

/** The string a key is known by (the name trimmed, as it is stored). */
export function cacheKey(key: CacheKey): string {
  return `${key.personType}|${key.idNumber}|${key.name.trim()}`;
}

const DAY_MS = 86_400_000;

/** A stored answer as handed out at `now`: fresh while younger than its kind's time to live. */
export function viewAnswer(entry: StoredAnswer, ttl: Config['cache'], now: Date): CachedAnswer {
  const positive = entry.answer.current.length + entry.answer.history.length > 0;
  const ttlDays = positive ? ttl.positiveTtlDays : ttl.negativeTtlDays;
  const age = now.getTime() - Date.parse(entry.storedAt);
  return { answer: entry.answer, storedAt: entry.storedAt, fresh: age < ttlDays * DAY_MS };
}

/** A stored answer as found by ID number at `now`. */
export function viewOfId(entry: StoredAnswer, ttl: Config['cache'], now: Date): CachedAnswerOfId {
  return {
    ...viewAnswer(entry, ttl, now),
    personType: entry.personType,
    idNumber: entry.idNumber,
    name: entry.name,
  };
}
