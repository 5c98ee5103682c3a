/**
 * The bot store's schema, as an ordered list of migrations recorded in `store_migrations` (see sql/migrate.ts):
 * one file under migrations/ per entry, oldest first. Never edit an applied entry; add one at the end.
 */
import type { Migration } from '../../sql/migrate.js';
import { ANSWERS_MIGRATION } from './migrations/001_answers.js';
import { FINDINGS_AUDIT_CHECKS } from './migrations/002_findings_audit_checks.js';
import { REGISTRY_DOCUMENTS_PHOTOS } from './migrations/003_registry_documents_photos.js';
import { OUTBOX_JOBS_MIGRATION } from './migrations/004_outbox_jobs.js';
import { PACING_LEASES_MESSAGES } from './migrations/005_pacing_leases_messages.js';
import { BATCH_JOBS_MIGRATION } from './migrations/006_batch_jobs.js';
import { PENDING_ANSWERS_MIGRATION } from './migrations/007_pending_answers.js';
import { OCCASION_DEDUP_KEYS } from './migrations/008_occasion_dedup_keys.js';
import { WECOM_RELAY_MIGRATION } from './migrations/009_wecom_relay.js';

/** The advisory lock key the bot store's migrations run under (the bureau's is 160001). */
export const STORE_MIGRATION_LOCK = 16_0002;

/** The bot store's migrations, oldest first. */
export const STORE_MIGRATIONS: readonly Migration[] = [
  ANSWERS_MIGRATION,
  FINDINGS_AUDIT_CHECKS,
  REGISTRY_DOCUMENTS_PHOTOS,
  OUTBOX_JOBS_MIGRATION,
  PACING_LEASES_MESSAGES,
  BATCH_JOBS_MIGRATION,
  PENDING_ANSWERS_MIGRATION,
  OCCASION_DEDUP_KEYS,
  WECOM_RELAY_MIGRATION,
];
