/**
 * `store migrate`'s answer cache (答案缓存): the answers of a data directory's cache.jsonl / cache.json into the
 * `answers` table, in chunks of set-based inserts. An answer the table holds as new or newer is left as it is
 * (a second run adds nothing); `stored` counts the files' answers whose key the table holds.
 */
import type { SqlDb } from '../../sql/db.js';
import type { StoredAnswer } from '../answers.js';
import { readAnswerFiles } from '../files/answer-file.js';
import type { KindCount, MigrationKind } from './kind.js';

/** Answers per statement. */
const CHUNK = 1_000;

const INSERT_CHUNK = `
  insert into answers (id_number, person_type, name, answer, stored_at)
  select id_number, person_type, name, answer::jsonb, stored_at
  from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
    as a (id_number, person_type, name, answer, stored_at)
  on conflict (id_number, person_type, name) do update
    set answer = excluded.answer, stored_at = excluded.stored_at
    where answers.stored_at < excluded.stored_at
  returning 1`;

const COUNT_CHUNK = `
  select count(*)::int as n from answers
  join unnest($1::text[], $2::text[], $3::text[]) as a (id_number, person_type, name)
  using (id_number, person_type, name)`;

function columns(chunk: readonly StoredAnswer[]): unknown[][] {
  return [
    chunk.map((a) => a.idNumber),
    chunk.map((a) => a.personType),
    chunk.map((a) => a.name),
    chunk.map((a) => JSON.stringify(a.answer)),
    chunk.map((a) => a.storedAt),
  ];
}

export const answersKind: MigrationKind = {
  name: 'answers',
  label: '答案缓存',
  async run(fromDir: string, db: SqlDb): Promise<KindCount> {
    const answers = await readAnswerFiles(fromDir);
    let added = 0;
    let stored = 0;
    for (let i = 0; i < answers.length; i += CHUNK) {
      const params = columns(answers.slice(i, i + CHUNK));
      added += (await db.query(INSERT_CHUNK, params)).length;
      const [row] = await db.query<{ n: number }>(COUNT_CHUNK, params.slice(0, 3));
      stored += row?.n ?? 0;
    }
    return { read: answers.length, stored, added };
  },
};
