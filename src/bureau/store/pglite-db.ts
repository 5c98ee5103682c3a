/**
 * The embedded driver: PGlite (PostgreSQL compiled to WASM) keeping its files in a directory, so the bureau runs
 * on a fresh machine with nothing else installed. One process holds the directory at a time.
 */
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { DIR_MODE } from '../../store/atomic-write.js';
import type { Row, SqlDb, SqlRunner } from './db.js';

/** Open (creating when absent) the PGlite database in `dir`; undefined `dir` keeps it in memory (tests). */
export async function openPgliteDb(dir?: string): Promise<SqlDb> {
  if (dir !== undefined) await mkdir(dir, { recursive: true, mode: DIR_MODE });
  const pg = await PGlite.create(dir === undefined ? undefined : { dataDir: dir });
  const runner = (target: Pick<PGlite, 'query' | 'exec'>): SqlRunner => ({
    async query<T extends Row>(text: string, params: readonly unknown[] = []) {
      return (await target.query<T>(text, [...params])).rows;
    },
    async exec(script) {
      await target.exec(script);
    },
  });
  return {
    driver: 'pglite',
    ...runner(pg),
    transaction: (work) => pg.transaction((tx) => work(runner(tx))),
    close: () => pg.close(),
  };
}
