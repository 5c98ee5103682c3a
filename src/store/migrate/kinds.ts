/**
 * The kinds `cert-verify store migrate` carries, in the order it runs them: each kind of record the SQL store
 * took over from the file store (src/store/migrate/<kind>.ts).
 */
import { answersKind } from './answers.js';
import { auditKind } from './audit.js';
import { batchJobsKind } from './batch-jobs.js';
import { checksKind } from './checks.js';
import { documentsKind } from './documents.js';
import { findingsKind } from './findings.js';
import type { MigrationKind } from './kind.js';
import { mpSeenKind } from './mp-seen.js';
import { outboxKind } from './outbox.js';
import { pendingKind } from './pending.js';
import { photosKind } from './photos.js';
import { registryKind } from './registry.js';

export const MIGRATION_KINDS: readonly MigrationKind[] = [
  answersKind,
  findingsKind,
  auditKind,
  checksKind,
  registryKind,
  documentsKind,
  batchJobsKind,
  pendingKind,
  photosKind,
  outboxKind,
  mpSeenKind(),
];
