/**
 * The bureau database's schema, as an ordered list of migrations. Each runs once, recorded in
 * `bureau_migrations`; all pending ones run in one transaction under an advisory lock, so several instances
 * starting at once on one server apply each exactly once. A new table belongs in a new entry at the end (never
 * edit an applied one).
 */

import type { SqlDb } from '../../sql/db.js';
import { applyMigrations, type Migration } from '../../sql/migrate.js';
import { logger } from '../../util/logger.js';

const log = logger('bureau');

export type { Migration };

/** The advisory lock key the migrations run under (any constant no other part of the database uses). */
const MIGRATION_LOCK = 16_0001;

/** The bureau's migrations, oldest first. */
export const BUREAU_MIGRATIONS: Migration[] = [
  {
    id: '001_enterprises_users_leads_cases',
    sql: `
      create table enterprises (
        id integer generated always as identity primary key,
        name text not null unique,
        token_hash text not null unique,
        created_at timestamptz not null default now()
      );
      create table bureau_users (
        id integer generated always as identity primary key,
        login text not null unique,
        role text not null check (role in ('staff', 'enterprise')),
        enterprise_id integer references enterprises (id),
        password_hash text not null,
        created_at timestamptz not null default now(),
        check ((role = 'enterprise') = (enterprise_id is not null))
      );
      create table leads (
        id integer generated always as identity primary key,
        enterprise_id integer not null references enterprises (id),
        source_id text not null,
        kind text not null,
        status text not null,
        id_number text not null,
        id_first6 text not null,
        id_last4 text not null,
        name text,
        item text,
        evidence jsonb not null,
        found_at timestamptz not null,
        found_month text not null,
        received_at timestamptz not null default now(),
        case_status text not null default 'new'
          check (case_status in ('new', 'investigating', 'referred', 'dismissed', 'closed')),
        updated_at timestamptz not null default now(),
        referred_at timestamptz,
        unique (enterprise_id, source_id)
      );
      create index leads_found on leads (found_at desc, id desc);
      create index leads_enterprise on leads (enterprise_id, found_at desc, id desc);
      create index leads_kind on leads (kind, found_at desc, id desc);
      create index leads_case_status on leads (case_status, found_at desc, id desc);
      create index leads_month on leads (found_month, found_at desc, id desc);
      create index leads_id_number on leads (id_number);
      create index leads_id_first6 on leads (id_first6);
      create index leads_id_last4 on leads (id_last4);
      create index leads_name on leads (name text_pattern_ops);
      create table case_events (
        id integer generated always as identity primary key,
        lead_id integer not null references leads (id),
        from_status text,
        to_status text not null,
        by_login text not null,
        at timestamptz not null default now(),
        note text not null default ''
      );
      create index case_events_lead on case_events (lead_id, id);
    `,
  },
  {
    // The console's sessions (only the hash of each id) and failed sign-ins per login and per address.
    id: '002_console_sessions',
    sql: `
      create table bureau_sessions (
        id_hash text primary key,
        user_id integer not null references bureau_users (id) on delete cascade,
        login text not null,
        csrf_token text not null,
        expires_at timestamptz not null
      );
      create index bureau_sessions_expires on bureau_sessions (expires_at);
      create table bureau_login_failures (
        key text primary key,
        failures integer not null,
        first_at timestamptz not null,
        locked_until timestamptz
      );
    `,
  },
  {
    // A lead its enterprise withdrew (a certificate found after all): kept, marked with when and why. Leads
    // already stored stay as they are (not withdrawn).
    id: '003_lead_withdrawal',
    sql: `
      alter table leads add column withdrawn_at timestamptz;
      alter table leads add column withdraw_reason text;
      create index leads_withdrawn on leads ((withdrawn_at is not null), found_at desc, id desc);
    `,
  },
  {
    // The intake's daily cap counts an enterprise's leads received since the China day began.
    id: '004_leads_received_per_enterprise',
    sql: 'create index leads_enterprise_received on leads (enterprise_id, received_at);',
  },
  {
    // The monthly statistics (附件3): each enterprise's self-check month as its bot reports it (one row per
    // enterprise and month, replaced by a later count), the figures staff enter per month, and every change of
    // those with who made it and the figures before and after.
    id: '005_monthly_progress',
    sql: `
      create table self_checks (
        enterprise_id integer not null references enterprises (id),
        month text not null,
        people integer not null check (people >= 0),
        problems integer not null check (problems >= 0),
        reported_at timestamptz not null,
        received_at timestamptz not null default now(),
        primary key (enterprise_id, month)
      );
      create index self_checks_month on self_checks (month);
      create table progress_figures (
        month text primary key,
        figures jsonb not null,
        filled_by text not null,
        phone text not null,
        updated_by text not null,
        updated_at timestamptz not null default now()
      );
      create table progress_figure_events (
        id integer generated always as identity primary key,
        month text not null,
        by_login text not null,
        at timestamptz not null default now(),
        before jsonb,
        after jsonb not null
      );
      create index progress_figure_events_month on progress_figure_events (month, id);
    `,
  },
];

/** Apply the bureau's migrations of `list` not yet recorded; returns the ids applied now. */
export async function runMigrations(
  db: SqlDb,
  list: readonly Migration[] = BUREAU_MIGRATIONS,
): Promise<string[]> {
  const applied = await applyMigrations(db, { list, table: 'bureau_migrations', lockKey: MIGRATION_LOCK });
  if (applied.length > 0) log.info({ applied }, '局端数据库已升级');
  return applied;
}
