/**
 * cache.json: what the platform answered, per person type + ID number + name. A fresh answer saves a query;
 * an expired one is still handed out (fresh=false) for use when the platform cannot be reached.
 * Positive answers (something current or in history) stay fresh `positiveTtlDays`, empty ones `negativeTtlDays`.
 * Entries live in an object keyed by `cacheKey` (O(1) hits); an index by ID number is built on open.
 */

import type { Config } from '../config/schema.js';
import type { LookupAnswer, PersonType } from '../domain/certificate.js';
import type { JsonFile } from './json-file.js';

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

/** cache.json contents. */
export interface CacheData {
  entries: Record<string, StoredAnswer>;
}

/** Current layout version of cache.json. */
export const CACHE_VERSION = 1;

/** The string a key is stored under. */
export function cacheKey(key: CacheKey): string {
  return `${key.personType}|${key.idNumber}|${key.name.trim()}`;
}

/** The ID number inside a key made by `cacheKey` (person types hold no `|`, ID numbers neither). */
function idNumberOfKey(key: string): string {
  const start = key.indexOf('|') + 1;
  return key.slice(start, key.indexOf('|', start));
}

const DAY_MS = 86_400_000;

/** Platform answers kept in cache.json. */
export class AnswerCache {
  private readonly byId = new Map<string, Set<string>>();

  constructor(
    private readonly file: JsonFile<CacheData>,
    private readonly ttl: Config['cache'],
  ) {
    // The ID number is read from the key itself: touching 100,000 entry objects would slow the open.
    for (const key in file.data.entries) this.index(idNumberOfKey(key), key);
  }

  /** The answer cached for `key`, fresh or not; undefined when never cached. */
  get(key: CacheKey, now: Date): CachedAnswer | undefined {
    const entry = this.file.data.entries[cacheKey(key)];
    return entry && this.view(entry, now);
  }

  /** Store (or replace) the answer for `key`; resolves once durable. */
  put(key: CacheKey, answer: LookupAnswer, now: Date): Promise<void> {
    const k = cacheKey(key);
    const entry: StoredAnswer = {
      personType: key.personType,
      idNumber: key.idNumber,
      name: key.name.trim(),
      answer,
      storedAt: now.toISOString(),
    };
    this.index(key.idNumber, k);
    return this.file.update((d) => {
      d.entries[k] = entry;
    });
  }

  /** Every answer cached for this ID number, under any name or person type (freshness judged at `now`). */
  findById(idNumber: string, now: Date = new Date()): CachedAnswerOfId[] {
    const keys = this.byId.get(idNumber);
    if (!keys) return [];
    const out: CachedAnswerOfId[] = [];
    for (const k of keys) {
      const entry = this.file.data.entries[k];
      if (entry)
        out.push({ ...this.view(entry, now), personType: entry.personType, idNumber, name: entry.name });
    }
    return out;
  }

  /** Number of cached answers. */
  get size(): number {
    let n = 0;
    for (const keys of this.byId.values()) n += keys.size;
    return n;
  }

  private view(entry: StoredAnswer, now: Date): CachedAnswer {
    const positive = entry.answer.current.length + entry.answer.history.length > 0;
    const ttlDays = positive ? this.ttl.positiveTtlDays : this.ttl.negativeTtlDays;
    const age = now.getTime() - Date.parse(entry.storedAt);
    return { answer: entry.answer, storedAt: entry.storedAt, fresh: age < ttlDays * DAY_MS };
  }

  private index(idNumber: string, key: string): void {
    const keys = this.byId.get(idNumber);
    if (keys) keys.add(key);
    else this.byId.set(idNumber, new Set([key]));
  }
}
