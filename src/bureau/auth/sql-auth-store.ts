/**
 * The console's sessions and sign-in counters in the bureau's database (PGlite or PostgreSQL, the same SQL), in
 * the tables of the migration `002_console_sessions`.
 */
import type { SqlRunner } from '../../sql/db.js';
import type { AuthStore, FailureCount, SessionRow } from './types.js';

interface FailureRecord extends Record<string, unknown> {
  failures: number;
  first_at: Date | string;
  locked_until: Date | string | null;
}

const iso = (value: Date | string) => new Date(value).toISOString();

function failureCount(row: FailureRecord): FailureCount {
  return {
    failures: row.failures,
    firstAt: iso(row.first_at),
    ...(row.locked_until ? { lockedUntil: iso(row.locked_until) } : {}),
  };
}

/** The console's `AuthStore` on `db`. */
export function sqlAuthStore(db: SqlRunner): AuthStore {
  return {
    async createSession(row: SessionRow) {
      await db.query(
        'insert into bureau_sessions (id_hash, user_id, login, csrf_token, expires_at) values ($1, $2, $3, $4, $5)',
        [row.idHash, row.userId, row.login, row.csrfToken, row.expiresAt],
      );
    },
    async sessionByHash(idHash, now) {
      const rows = await db.query<{
        user_id: number;
        login: string;
        csrf_token: string;
        expires_at: Date | string;
      }>(
        'select user_id, login, csrf_token, expires_at from bureau_sessions where id_hash = $1 and expires_at > $2',
        [idHash, now],
      );
      const row = rows[0];
      return row
        ? {
            idHash,
            userId: row.user_id,
            login: row.login,
            csrfToken: row.csrf_token,
            expiresAt: iso(row.expires_at),
          }
        : undefined;
    },
    async deleteSession(idHash) {
      await db.query('delete from bureau_sessions where id_hash = $1', [idHash]);
    },
    async deleteExpiredSessions(now) {
      await db.query('delete from bureau_sessions where expires_at <= $1', [now]);
    },
    async countAttempt(keys, now, windowStart) {
      // Keys in one order, so two statements never wait for each other's rows the other way round.
      const sorted = [...new Set(keys)].sort();
      const rows = await db.query<FailureRecord & { key: string }>(
        `insert into bureau_login_failures as f (key, failures, first_at)
           select key, 1, $2::timestamptz from unnest($1::text[]) as t (key) order by key
         on conflict (key) do update set
           failures = case when f.first_at < $3 and not coalesce(f.locked_until > $2, false) then 1
             else f.failures + 1 end,
           first_at = case when f.first_at < $3 and not coalesce(f.locked_until > $2, false) then excluded.first_at
             else f.first_at end
         returning key, failures, first_at, locked_until`,
        [sorted, now, windowStart],
      );
      return new Map(rows.map((row) => [row.key, failureCount(row)]));
    },
    async lock(keys, lockUntil) {
      await db.query('update bureau_login_failures set locked_until = $2 where key = any($1::text[])', [
        [...keys],
        lockUntil,
      ]);
    },
    async forgetAttempt(keys) {
      await db.query(
        'update bureau_login_failures set failures = greatest(failures - 1, 0) where key = any($1::text[])',
        [[...keys]],
      );
    },
    async clearFailures(key) {
      await db.query('delete from bureau_login_failures where key = $1', [key]);
    },
  };
}
