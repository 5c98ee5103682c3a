/**
 * The kinds `cert-verify store migrate` carries, in the order it runs them. Each kind of record the SQL store
 * took over from the file store adds its `MigrationKind` (src/store/migrate/<kind>.ts) here.
 */
import type { MigrationKind } from './kind.js';

// None yet on this branch: the kinds (answers, findings, audit, checks, registry, documents, photos, outbox,
// mp-seen) come with the moves of their records into the database.
export const MIGRATION_KINDS: readonly MigrationKind[] = [];
