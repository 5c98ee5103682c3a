/**
 * The console's sessions and sign-in counters in the bureau's database (PGlite or PostgreSQL, the same SQL), in
 * the tables of the migration `002_console_sessions`.
 */
import type { SqlRunner } from '../store/db.js';
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
    async failures(key) {
      const rows = await db.query<FailureRecord>(
        'select failures, first_at, locked_until from bureau_login_failures where key = $1',
        [key],
      );
      return rows[0] ? failureCount(rows[0]) : undefined;
    },
    async recordFailure(key, now, windowStart, limit, lockUntil) {
      const rows = await db.query<FailureRecord>(
        `insert into bureau_login_failures as f (key, failures, first_at, locked_until)
           values ($1, 1, $2, case when $4::integer <= 1 then $5::timestamptz end)
         on conflict (key) do update set
           failures = case when f.first_at < $3 then 1 else f.failures + 1 end,
           first_at = case when f.first_at < $3 then excluded.first_at else f.first_at end,
           locked_until = case
             when (case when f.first_at < $3 then 1 else f.failures + 1 end) >= $4::integer then $5::timestamptz
             else f.locked_until end
         returning failures, first_at, locked_until`,
        [key, now, windowStart, limit, lockUntil],
      );
      return failureCount(rows[0] as FailureRecord);
    },
    async clearFailures(key) {
      await db.query('delete from bureau_login_failures where key = $1', [key]);
    },
  };
}
