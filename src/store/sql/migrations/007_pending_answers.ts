/**
 * The chat's pending answers (chat/core/pending-answers.ts): one row per query the platform could not answer,
 * asked again later and answered by one instance at a time (a lease, as the outbox's, sql/claims.ts). It replaces
 * the `chat-pending` document: the items an earlier version kept there are moved into the table here, once, and
 * the document goes. A person asking the same query again through the same chat keeps one row
 * (`pending_answers_same`).
 */
import type { Migration } from '../../../sql/migrate.js';

/**
 * The statement that stores the pending items of a `chat-pending` document's `items` (`items`: a SQL expression
 * giving that json array), in their order, each under its own id; an id or a query already waiting is left as it
 * is. Returns the ids stored. `store migrate` runs it on the items of an old `chat-pending.json`. This migration
 * is built from it: change the table in a later migration, never this statement.
 */
export function insertPendingItemsSql(items: string): string {
  return `
insert into pending_answers (id, query, requester, address, mask_ids, scope_key, queued_at, attempts)
select item->>'id', (item->'query')::jsonb, (item->'requester')::jsonb, (item->'to')::jsonb,
  coalesce((item->>'maskIds')::boolean, true), coalesce(item->>'scopeKey', ''),
  (item->>'queuedAt')::timestamptz, coalesce((item->>'attempts')::integer, 0)
from json_array_elements(${items}) with ordinality as listed (item, n)
order by n
on conflict do nothing
returning id`;
}

export const PENDING_ANSWERS_MIGRATION: Migration = {
  id: '007_pending_answers',
  sql: `
create table pending_answers (
  id text primary key,
  seq bigint generated always as identity,
  query jsonb not null,
  requester jsonb not null,
  address jsonb not null,
  mask_ids boolean not null,
  scope_key text not null,
  queued_at timestamptz not null,
  attempts integer not null default 0,
  lease_holder text,
  lease_until timestamptz
);
create unique index pending_answers_same on pending_answers (
  (coalesce(address->>'door', '')), (coalesce(address->>'userId', '')), (coalesce(address->>'roomId', '')),
  (coalesce(query->>'idNumber', '')), (coalesce(query->>'name', '')), (coalesce(query->>'item', ''))
);
create index pending_answers_order on pending_answers (seq);
${insertPendingItemsSql(`(select data->'items' from documents where name = 'chat-pending')`)};
delete from documents where name = 'chat-pending';
`,
};
