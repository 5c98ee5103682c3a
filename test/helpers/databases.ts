/**
 * The databases the bureau's store tests run on: PGlite always (in a temporary directory), and a real PostgreSQL
 * when CERT_VERIFY_TEST_PG_URL is set — each test gets a database of its own, created and dropped here.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { SqlDb } from '../../src/sql/db.js';
import { openPgDb } from '../../src/sql/pg-db.js';
import { openPgliteDb } from '../../src/sql/pglite-db.js';

/** The server the PostgreSQL half runs on; unset = that half is skipped. */
export const TEST_PG_URL = process.env.CERT_VERIFY_TEST_PG_URL ?? '';

/** How long a hook that starts PGlite may take (its first start compiles the WASM; the machine is shared). */
export const PGLITE_START_MS = 180_000;

/** Why the PostgreSQL half did not run, for the skipped suite's name. */
export const PG_SKIP_REASON = 'CERT_VERIFY_TEST_PG_URL 未设置：跳过真实 PostgreSQL 上的测试';

export interface TestDatabase {
  /** A fresh, empty database of this kind. */
  open(): Promise<{ db: SqlDb; url?: string; drop(): Promise<void> }>;
}

/** PGlite in a fresh temporary directory. */
export const pgliteDatabase: TestDatabase = {
  async open() {
    const dir = await mkdtemp(join(tmpdir(), 'bureau-pglite-'));
    const db = await openPgliteDb(join(dir, 'pg'), { template: inject('pgliteTemplate') });
    return {
      db,
      async drop() {
        await db.close().catch(() => {});
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
};

/** A database created on TEST_PG_URL's server for one test, dropped afterwards. */
export const postgresDatabase: TestDatabase = {
  async open() {
    const name = `cert_verify_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(TEST_PG_URL);
    url.pathname = `/${name}`;
    const db = await openPgDb(url.toString());
    return {
      db,
      url: url.toString(),
      async drop() {
        await db.close().catch(() => {});
        const cleanup = new pg.Client({ connectionString: TEST_PG_URL });
        await cleanup.connect();
        await cleanup.query(`drop database if exists ${name} with (force)`);
        await cleanup.end();
      },
    };
  },
};

/** The kinds to run a suite on: `[label, database]`, PostgreSQL only when its server is configured. */
export const DATABASES: Array<[string, TestDatabase]> = [
  ['PGlite', pgliteDatabase],
  ...(TEST_PG_URL ? ([['PostgreSQL', postgresDatabase]] as Array<[string, TestDatabase]>) : []),
];
