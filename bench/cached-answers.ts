/**
 * The cache the store and pipeline benchmarks run on: 100,000 answers written straight to `cache.jsonl` (the file
 * store's) or into the store's `answers` table (fillAnswers, any count), four in five people holding one
 * certificate and the rest not found. ID numbers are valid (the pipeline checks them).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LookupAnswer, PersonType } from '../src/domain/certificate.js';
import { addDays } from '../src/domain/dates.js';
import { checkCharacter } from '../src/domain/id-number.js';
import type { SqlDb } from '../src/sql/db.js';
import type { StoredAnswer } from '../src/store/answers.js';
import { CACHE_FILES, CACHE_VERSION } from '../src/store/files/answer-file.js';
import { jsonLinesText } from '../src/store/jsonl-file.js';

/** How many answers the cache holds. */
export const CACHED = 100_000;

/** The holder's name in every answer. */
export const HOLDER = '张三丰';

/** A valid 18-character ID for person `i` (< 10,000,000): its own birth day and sequence number pair. */
export function idOf(i: number): string {
  const birth = addDays('1970-01-01', i % 10_000).replaceAll('-', '');
  const first17 = `110105${birth}${String(Math.floor(i / 10_000)).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

/** Whether person `i` is one the platform did not find (one in five). */
export function isNotFound(i: number): boolean {
  return i % 5 === 4;
}

/** A realistic answer for person `i`. */
export function answerOf(i: number): LookupAnswer {
  if (isNotFound(i)) return { current: [], history: [] };
  const idNumber = idOf(i);
  return {
    current: [
      {
        kind: 'special',
        idNumber,
        name: HOLDER,
        sex: '男',
        certNumber: `T${idNumber}`,
        category: '电工作业',
        item: '低压电工作业',
        firstIssued: '2019-03-01',
        validFrom: '2022-03-01',
        validUntil: '2028-03-01',
        reviewDue: '2025-03-01',
        reviewedOn: '2025-02-10',
        issuer: '北京市应急管理局',
      },
    ],
    history: [],
  };
}

/** The cache key of person `i`. */
export function keyOf(i: number): { personType: PersonType; idNumber: string; name: string } {
  return { personType: 'special', idNumber: idOf(i), name: HOLDER };
}

/**
 * Write `cache.jsonl` with every answer stored at `storedAt` into `dir`; returns its size in bytes. `alsoEmpty`
 * adds, for each person nothing is found for, the empty answers of those other person types (the pipeline asks
 * every type before it says "not found").
 */
export async function writeCacheFile(
  dir: string,
  storedAt: string,
  alsoEmpty: readonly PersonType[] = [],
): Promise<number> {
  const entries: StoredAnswer[] = [];
  for (let i = 0; i < CACHED; i++) {
    const entry: StoredAnswer = { ...keyOf(i), answer: answerOf(i), storedAt };
    entries.push(entry);
    if (!isNotFound(i)) continue;
    for (const personType of alsoEmpty)
      entries.push({ ...entry, personType, answer: { current: [], history: [] } });
  }
  const text = jsonLinesText(CACHE_VERSION, {}, entries);
  await writeFile(join(dir, CACHE_FILES.current), text, { mode: 0o600 });
  return Buffer.byteLength(text);
}

/** People per statement of fillAnswers (one statement of a million rows outlasts the statement timeout). */
const FILL_CHUNK = 100_000;

/**
 * The answers of people 0 … count-1 (as `keyOf` and `answerOf` make them, the same ID numbers) inserted into the
 * `answers` table of `db` by set-based statements of FILL_CHUNK people, stored at `storedAt`; `alsoEmpty` as in
 * writeCacheFile.
 */
export async function fillAnswers(
  db: SqlDb,
  count: number,
  storedAt: string,
  alsoEmpty: readonly PersonType[] = [],
): Promise<void> {
  const first = answerOf(0).current[0];
  if (first === undefined) throw new Error('person 0 holds a certificate');
  const { idNumber: _, certNumber: __, ...common } = first;
  for (let from = 0; from < count; from += FILL_CHUNK)
    await db.transaction(async (tx) => {
      await tx.query("select set_config('statement_timeout', '0', true)");
      await tx.query(FILL, [
        from,
        Math.min(count, from + FILL_CHUNK),
        HOLDER,
        JSON.stringify(common),
        storedAt,
        [...alsoEmpty],
      ]);
    });
}

/** fillAnswers' statement: people $1 … $2-1, their ID numbers computed as idOf does (check character included). */
const FILL = `with people as (
       select i, '110105' || to_char(date '1970-01-01' + (i % 10000), 'YYYYMMDD')
                 || lpad((i / 10000)::text, 3, '0') as first17
       from generate_series($1::int, $2::int - 1) as i
     ), ids as (
       select i, first17 || substr('10X98765432', 1 + (
         select sum(substr(first17, k::int, 1)::int * w)::int % 11
         from unnest(array[7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]) with ordinality as t (w, k)
       ), 1) as id
       from people
     )
     insert into answers (id_number, person_type, name, answer, stored_at)
     select id, kind, $3, case when kind = 'special' and i % 5 <> 4
       then jsonb_build_object('current', jsonb_build_array(
              $4::jsonb || jsonb_build_object('idNumber', id, 'certNumber', 'T' || id)), 'history', '[]'::jsonb)
       else '{"current": [], "history": []}'::jsonb end, $5::timestamptz
     from ids cross join unnest(array['special'] || $6::text[]) as kind
     where kind = 'special' or i % 5 = 4`;
