/**
 * What several instances on one database agree on: the national platform's pace (one row per platform, with the
 * requests waiting for it by priority), leases (one holder of a resource at a time, e.g. the WeCom robot's one
 * long connection) and the service account's messages already taken (a callback may reach any instance).
 */
import type { Migration } from '../../../sql/migrate.js';

export const PACING_LEASES_MESSAGES: Migration = {
  id: '005_pacing_leases_messages',
  sql: `
create table platform_pacing (
  name text primary key,
  last_at timestamptz not null
);
create table platform_waiting (
  id text primary key,
  name text not null,
  rank integer not null,
  queued_at timestamptz not null,
  alive_at timestamptz not null
);
create index platform_waiting_order on platform_waiting (name, rank desc, queued_at);
create table leases (
  name text primary key,
  holder text not null,
  expires_at timestamptz not null
);
create table mp_seen (
  key text primary key,
  until_at timestamptz not null
);
create index mp_seen_until on mp_seen (until_at);
`,
};
