/**
 * The answer cache (answer-store.ts): what the platform answered, one row per person type + ID number + name.
 * The primary key leads with the ID number, so it is also the index of the lookups by ID number (findById, and
 * get, which loads every answer of an ID at once).
 */
import type { Migration } from '../../../sql/migrate.js';

export const ANSWERS_MIGRATION: Migration = {
  id: '001_answers',
  sql: `
    create table answers (
      id_number text not null,
      person_type text not null,
      name text not null,
      answer jsonb not null,
      stored_at timestamptz not null,
      primary key (id_number, person_type, name)
    );
  `,
};
