/**
 * The findings log, the audit trail and the check tally (findings.jsonl, audit.jsonl and checks.jsonl of the file
 * store). Days are China calendar days as text (`YYYY-MM-DD`): queries compare them as text, and a range's end
 * may be no real date (`2026-02-31`, a month's last day for any month). Bodies are `json`, not `jsonb`: it keeps
 * any text a requester's words hold (jsonb refuses `\u0000`) and the keys in their order.
 */
import type { Migration } from '../../../sql/migrate.js';

export const FINDINGS_AUDIT_CHECKS: Migration = {
  id: '002_findings_audit_checks',
  sql: `
create table findings (
  seq bigint generated always as identity,
  id text primary key,
  dedup_key text not null unique,
  day text not null,
  first_at timestamptz not null,
  last_at timestamptz not null,
  count integer not null,
  enterprise text,
  status text not null,
  body json not null
);
create index findings_by_day on findings (day, first_at, seq);

create table finding_occasions (
  key text primary key,
  finding_id text references findings (id),
  at timestamptz not null default now()
);

create table audit_entries (
  seq bigint generated always as identity primary key,
  at timestamptz not null,
  import_key text unique,
  entry json not null
);

create sequence check_order;
create table checks (
  day text not null,
  enterprise text not null,
  id_number text not null,
  status text not null,
  found boolean not null,
  person_type text,
  concern boolean not null,
  seq bigint not null,
  primary key (day, enterprise, id_number)
);
`,
};
