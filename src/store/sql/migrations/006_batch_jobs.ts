/**
 * Batch jobs (verify/batch-jobs.ts) in the database, so that any instance may continue one: the job's fields, the
 * roster it was sent as bytes (dropped once delivered), a lease (`lease_holder`, `lease_until` on the database's
 * clock) renewed by the instance running or delivering it, and its verdicts, one row per dedup key.
 */
import type { Migration } from '../../../sql/migrate.js';

export const BATCH_JOBS_MIGRATION: Migration = {
  id: '006_batch_jobs',
  sql: `
create table batch_jobs (
  id text primary key,
  seq bigint generated always as identity,
  state text not null check (state in ('running', 'finished', 'delivered', 'failed')),
  file_name text not null,
  -- the roster as sent; null once the job is delivered or failed
  input bytea,
  input_sha256 text not null,
  requester jsonb not null,
  today text not null,
  target jsonb not null,
  target_kind text not null,
  full_ids boolean not null,
  created_at text not null,
  finished_at text,
  summary jsonb,
  error text,
  lease_holder text,
  lease_until timestamptz
);
create index batch_jobs_open on batch_jobs (seq) where state in ('running', 'finished');

create table batch_verdicts (
  job_id text not null references batch_jobs (id) on delete cascade,
  key text not null,
  verdict jsonb not null,
  primary key (job_id, key)
);
`,
};
