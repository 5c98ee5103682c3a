/**
 * The registry (imported sources and their certificate records, found by ID number), the store's JSON documents
 * (chat-stats, chat-pending, chat-budget, batch-jobs, ledger …: one row each) and the photos kept as evidence
 * (their bytes). A document's data is `json`, not `jsonb`: jsonb reorders an object's keys, and the order of
 * a document's keys is an order its readers show (the ledger's enterprises in the order they came). Times the bot wrote as ISO text (an import's instant) stay text inside the
 * jsonb so they come back exactly as written.
 */
import type { Migration } from '../../../sql/migrate.js';

export const REGISTRY_DOCUMENTS_PHOTOS: Migration = {
  id: '003_registry_documents_photos',
  sql: `
    create table registry_sources (
      file text primary key,
      sha256 text,
      seq bigint generated always as identity,
      source jsonb not null
    );
    create index registry_sources_sha256 on registry_sources (sha256);
    create table registry_records (
      source text not null references registry_sources (file) on delete cascade,
      seq integer not null,
      id_number text not null,
      record jsonb not null,
      primary key (source, seq)
    );
    create index registry_records_id_number on registry_records (id_number);
    create table documents (
      name text primary key,
      version integer not null,
      revision bigint not null default 1,
      data json not null,
      updated_at timestamptz not null default now()
    );
    create table kept_photos (
      sha256 text primary key,
      format text not null,
      bytes bytea not null,
      kept_at timestamptz not null default now()
    );
  `,
};
