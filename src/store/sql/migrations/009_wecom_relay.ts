/**
 * Replies for the WeCom robot from an instance that does not hold its connection (chat/transports/wecom/relay.ts):
 * one row per reply, sent by the robot's holder oldest first, each retried on its own with a backoff. It replaces
 * the `wecom-relay` document, which no released version wrote: nothing to move.
 */
import type { Migration } from '../../../sql/migrate.js';

export const WECOM_RELAY_MIGRATION: Migration = {
  id: '009_wecom_relay',
  sql: `
create table wecom_relay (
  seq bigint generated always as identity primary key,
  address jsonb not null,
  text text,
  file_name text,
  file_bytes bytea,
  created_at timestamptz not null default now(),
  attempts integer not null default 0,
  last_error text,
  next_attempt_at timestamptz not null default now(),
  lease_holder text,
  lease_until timestamptz,
  check ((text is null) <> (file_name is null and file_bytes is null))
);
create index wecom_relay_due on wecom_relay (next_attempt_at);
`,
};
