/**
 * A database's schema as an ordered list of migrations. Each runs once, recorded in the list's own table; all
 * pending ones run in one transaction under an advisory lock, so several instances starting at once on one server
 * apply each exactly once. A new table belongs in a new entry at the end (never edit an applied one).
 */
import type { SqlDb } from './db.js';
import { schemaName } from './schema-name.js';

export interface Migration {
  /** Stable name, unique in the list (e.g. `001_leads`). */
  id: string;
  /** Statements without parameters. */
  sql: string;
}

/** Which list, recorded where, under which lock. */
export interface MigrationPlan {
  list: readonly Migration[];
  /** The table that records the ids applied (in the current schema). */
  table: string;
  /** The advisory lock key (a constant no other part of the database uses). */
  lockKey: number;
  /** A schema to create first when absent (under the lock: instances starting at once must not race). */
  schema?: string;
}

/** Apply the migrations of the plan not yet recorded; returns the ids applied now. */
export async function applyMigrations(db: SqlDb, plan: MigrationPlan): Promise<string[]> {
  if (!/^[a-z_][a-z0-9_]*$/.test(plan.table)) throw new Error(`migration table name ${plan.table}`);
  return db.transaction(async (tx) => {
    // An index built over a large table may take longer than a request's statement timeout.
    await tx.query("select set_config('statement_timeout', '0', true)");
    await tx.query('select pg_advisory_xact_lock($1)', [plan.lockKey]);
    if (plan.schema !== undefined) await tx.exec(`create schema if not exists ${schemaName(plan.schema)}`);
    await tx.query(
      `create table if not exists ${plan.table} (id text primary key, applied_at timestamptz not null default now())`,
    );
    const done = new Set((await tx.query<{ id: string }>(`select id from ${plan.table}`)).map((r) => r.id));
    const applied: string[] = [];
    for (const migration of plan.list) {
      if (done.has(migration.id)) continue;
      await tx.exec(migration.sql);
      await tx.query(`insert into ${plan.table} (id) values ($1)`, [migration.id]);
      applied.push(migration.id);
    }
    return applied;
  });
}
