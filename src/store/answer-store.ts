/**
 * The answer cache on the bot's database (table `answers`, migration 001_answers): one row per person type +
 * ID number + name, the answer as jsonb. A put is one `insert … on conflict do update` that keeps the newer of
 * two answers, so instances storing the same key at once leave one whole row, the latest.
 *
 * In front of it a bounded memory (BoundedMemo): the answers of at most ANSWER_MEMORY.ids ID numbers (one
 * query loads every answer of an ID, which serves both `get` and `findById`), each kept ANSWER_MEMORY.lifeMs.
 * An answer another instance stored is therefore seen here within that life at most; this instance's own
 * puts update the memory at once. Memory and start-up do not grow with the answers stored.
 */
import type { Config } from '../config/schema.js';
import type { LookupAnswer } from '../domain/certificate.js';
import type { SqlDb } from '../sql/db.js';
import {
  type AnswerCache,
  type CacheKey,
  cacheKey,
  type StoredAnswer,
  viewAnswer,
  viewOfId,
} from './answers.js';
import { BoundedMemo } from './bounded-memo.js';

/** The bounded memory's default: ID numbers held, and how long one is trusted before it is read again. */
export const ANSWER_MEMORY = { ids: 2_000, lifeMs: 10_000 } as const;

export interface AnswerStoreOptions {
  ttl: Config['cache'];
  /** Bound and life of the memory in front of the table (default ANSWER_MEMORY). */
  memory?: { ids: number; lifeMs: number };
  /** Milliseconds of a monotonic clock, for the memory's life (tests). */
  clock?: () => number;
}

/** Store (or replace with a newer one) an answer; concurrent puts of one key leave the latest whole. */
export const UPSERT_ANSWER = `
  insert into answers (id_number, person_type, name, answer, stored_at)
  values ($1, $2, $3, $4::jsonb, $5::timestamptz)
  on conflict (id_number, person_type, name) do update
    set answer = excluded.answer, stored_at = excluded.stored_at
    where answers.stored_at <= excluded.stored_at`;

interface AnswerRow extends Record<string, unknown> {
  id_number: string;
  person_type: StoredAnswer['personType'];
  name: string;
  answer: LookupAnswer;
  stored_at: Date | string;
}

const COLUMNS = 'id_number, person_type, name, answer, stored_at';

function fromRow(row: AnswerRow): StoredAnswer {
  return {
    personType: row.person_type,
    idNumber: row.id_number,
    name: row.name,
    answer: row.answer,
    storedAt: new Date(row.stored_at).toISOString(),
  };
}

/** `rows` with `entry` in place of an older answer of its key. */
function withAnswer(rows: readonly StoredAnswer[], entry: StoredAnswer): StoredAnswer[] {
  const key = cacheKey(entry);
  const there = rows.find((r) => cacheKey(r) === key);
  if (there && there.storedAt > entry.storedAt) return [...rows];
  return [...rows.filter((r) => r !== there), entry];
}

/** Platform answers in the store's database. */
export class AnswerStore implements AnswerCache {
  private readonly recent: BoundedMemo<Promise<StoredAnswer[]>>;
  private readonly ttl: Config['cache'];
  private readonly writes = new Set<Promise<void>>();

  constructor(
    private readonly db: SqlDb,
    options: AnswerStoreOptions,
  ) {
    this.ttl = options.ttl;
    const memory = options.memory ?? ANSWER_MEMORY;
    this.recent = new BoundedMemo(memory.ids, memory.lifeMs, options.clock);
  }

  async get(key: CacheKey, now: Date): ReturnType<AnswerCache['get']> {
    const wanted = cacheKey(key);
    const entry = (await this.answersOf(key.idNumber)).find((r) => cacheKey(r) === wanted);
    return entry && viewAnswer(entry, this.ttl, now);
  }

  async findById(idNumber: string, now: Date = new Date()): ReturnType<AnswerCache['findById']> {
    return (await this.answersOf(idNumber)).map((entry) => viewOfId(entry, this.ttl, now));
  }

  put(key: CacheKey, answer: LookupAnswer, now: Date): Promise<void> {
    const entry: StoredAnswer = {
      personType: key.personType,
      idNumber: key.idNumber,
      name: key.name.trim(),
      answer,
      storedAt: now.toISOString(),
    };
    const { idNumber } = entry;
    const written = this.db
      .query(UPSERT_ANSWER, [idNumber, entry.personType, entry.name, JSON.stringify(answer), entry.storedAt])
      .then(() => undefined);
    // What this instance now knows of the ID: what it held, or (when it held nothing) the rows once written.
    const known = this.recent.get(idNumber) ?? written.then(() => this.load(idNumber));
    this.remember(
      idNumber,
      known.then((rows) => withAnswer(rows, entry)),
    );
    const settled = written.catch((error: unknown) => {
      this.recent.delete(idNumber);
      throw error;
    });
    const tracked = settled.then(
      () => undefined,
      () => undefined,
    );
    this.writes.add(tracked);
    void tracked.then(() => this.writes.delete(tracked));
    return settled;
  }

  async freshKeys(keys: readonly CacheKey[], now: Date): Promise<Set<string>> {
    const rows = await this.db.query<AnswerRow>(
      `select ${COLUMNS} from answers
       join unnest($1::text[], $2::text[], $3::text[]) as k (id_number, person_type, name)
       using (id_number, person_type, name)`,
      [keys.map((k) => k.idNumber), keys.map((k) => k.personType), keys.map((k) => k.name.trim())],
    );
    const fresh = new Set<string>();
    for (const entry of rows.map(fromRow))
      if (viewAnswer(entry, this.ttl, now).fresh) fresh.add(cacheKey(entry));
    return fresh;
  }

  async prefetch(idNumbers: readonly string[]): Promise<void> {
    const wanted = [...new Set(idNumbers)].filter((id) => this.recent.get(id) === undefined);
    if (wanted.length === 0) return;
    const rows = this.db
      .query<AnswerRow>(`select ${COLUMNS} from answers where id_number = any($1::text[])`, [wanted])
      .then((found) => {
        const byId = new Map<string, StoredAnswer[]>(wanted.map((id) => [id, []]));
        for (const entry of found.map(fromRow)) byId.get(entry.idNumber)?.push(entry);
        return byId;
      });
    // Each ID waits on the one query; a put meanwhile replaces its entry with the answer it wrote.
    for (const id of wanted)
      this.remember(
        id,
        rows.then((byId) => byId.get(id) ?? []),
      );
    await rows;
  }

  async count(): Promise<number> {
    const [row] = await this.db.query<{ n: number }>('select count(*)::int as n from answers');
    return row?.n ?? 0;
  }

  async flush(): Promise<void> {
    await Promise.all(this.writes);
  }

  /** ID numbers whose answers are held in memory now (at most the bound). */
  get remembered(): number {
    return this.recent.size;
  }

  /** Every answer of `idNumber`: from memory within its life, else read (once for callers asking together). */
  private answersOf(idNumber: string): Promise<StoredAnswer[]> {
    return this.recent.get(idNumber) ?? this.remember(idNumber, this.load(idNumber));
  }

  private async load(idNumber: string): Promise<StoredAnswer[]> {
    const rows = await this.db.query<AnswerRow>(`select ${COLUMNS} from answers where id_number = $1`, [
      idNumber,
    ]);
    return rows.map(fromRow);
  }

  /** Hold `rows` for `idNumber`; a read that fails is forgotten (the next call reads again). */
  private remember(idNumber: string, rows: Promise<StoredAnswer[]>): Promise<StoredAnswer[]> {
    this.recent.set(idNumber, rows);
    rows.catch(() => this.recent.delete(idNumber, rows));
    return rows;
  }
}
