/**
 * The lead outbox (store/outbox.ts) and the work claimed once across instances (store/sql/claims.ts): every lead
 * and where it stands, the months' self-check summaries, and named runs (a day's ledger re-check). Each table
 * that holds work carries a lease: `lease_holder` (the instance that claimed the row) and `lease_until`.
 */
import type { Migration } from '../../../sql/migrate.js';

export const OUTBOX_JOBS_MIGRATION: Migration = {
  id: '004_outbox_jobs',
  sql: `
create table outbox_leads (
  id text primary key,
  seq bigint generated always as identity,
  -- null: a lead the bureau acknowledged whose content an old file no longer kept (its id alone)
  lead jsonb,
  kind text,
  id_number text,
  name text,
  state text not null check (state in ('pending', 'waiting', 'sent', 'refused', 'conflict', 'withdrawn')),
  due_on text,
  recheck jsonb,
  sent boolean not null default false,
  refusal jsonb,
  withdrawn_reason text,
  withdrawn_at text,
  withdrawal_owed boolean not null default false,
  withdrawal_refusal jsonb,
  notice jsonb,
  notice_owed boolean not null default false,
  lease_holder text,
  lease_until timestamptz
);
create index outbox_leads_person on outbox_leads (id_number) where kind = 'fake_certificate';
create index outbox_leads_work on outbox_leads (seq)
  where state in ('pending', 'waiting') or withdrawal_owed or notice_owed;

create table outbox_summaries (
  month text primary key,
  people integer not null,
  problems integer not null,
  at text not null,
  sent boolean not null default false,
  refusal jsonb,
  lease_holder text,
  lease_until timestamptz
);

create table claimed_runs (
  name text primary key,
  done_at timestamptz,
  lease_holder text,
  lease_until timestamptz
);
`,
};
