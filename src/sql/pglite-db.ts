/**
 * The embedded driver: PGlite (PostgreSQL compiled to WASM) keeping its files in a directory, so the bureau runs
 * on a fresh machine with nothing else installed. One process holds the directory at a time.
 *
 * PGlite runs in a worker thread of its own (PGlite's own worker mode needs the browser's `Worker` and
 * `navigator.locks`, which Node 20 lacks): the HTTP loop keeps answering while a query runs, and a request that
 * needs no database (the sign-in page, a static file) never waits for one that does. PGlite has one connection,
 * so statements still run one at a time; a transaction holds the connection from BEGIN to COMMIT / ROLLBACK.
 */
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { DIR_MODE } from '../store/store-fs.js';
import type { Row, SqlDb, SqlRunner } from './db.js';
import { PGLITE_THREAD_SOURCE } from './pglite-thread.js';
import { makeTreePrivate } from './private-tree.js';
import { schemaName } from './schema-name.js';

/** An error of the database thread, with PostgreSQL's fields (`code` …) as the driver gave them. */
type ThreadError = Error & Record<string, unknown>;

type Reply = { id: number; rows: Row[] } | { id: number; error: Record<string, string> };

function threadError(fields: Record<string, string>): ThreadError {
  const { message, name, ...rest } = fields;
  const error = Object.assign(new Error(message), rest) as ThreadError;
  if (name) error.name = name;
  return error;
}

export interface PgliteOptions {
  /** Unqualified names resolve to this schema (the one connection's search_path). */
  schema?: string;
  /**
   * A dump of a database (`dumpDataDir`, a tarball) to start from instead of running initdb, which takes
   * seconds: the test suite starts its databases so.
   */
  template?: string;
}

/** Open (creating when absent) the PGlite database in `dir`; undefined `dir` keeps it in memory (tests). */
export async function openPgliteDb(dir?: string, { schema, template }: PgliteOptions = {}): Promise<SqlDb> {
  if (dir !== undefined) await mkdir(dir, { recursive: true, mode: DIR_MODE });
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const worker = new Worker(PGLITE_THREAD_SOURCE, {
    eval: true,
    workerData: { pglite, dataDir: dir, template },
  });
  const pending = new Map<number, { resolve: (rows: Row[]) => void; reject: (error: unknown) => void }>();
  let nextId = 0;
  let gone: Error | undefined;
  const fail = (error: Error) => {
    gone ??= error;
    for (const waiter of pending.values()) waiter.reject(gone);
    pending.clear();
  };
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (message: Reply | { ready: true } | { failed: Record<string, string> }) => {
      if ('ready' in message) return resolve();
      if ('failed' in message) return reject(threadError(message.failed));
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if ('error' in message) waiter?.reject(threadError(message.error));
      else waiter?.resolve(message.rows);
    });
    worker.on('error', (error) => {
      fail(error);
      reject(error);
    });
    worker.on('exit', () => {
      const error = new Error('内置数据库的线程已退出');
      fail(error);
      reject(error);
    });
  });

  const send = (op: 'query' | 'exec' | 'close', text = '', params: readonly unknown[] = []) =>
    new Promise<Row[]>((resolve, reject) => {
      if (gone) return reject(gone);
      const id = ++nextId;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, op, text, params: [...params] });
    });

  // Statements outside a transaction wait while one is open: on the one connection they would run inside it.
  let turn: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const result = turn.then(work, work);
    turn = result.catch(() => {});
    return result;
  };
  if (schema !== undefined) await send('exec', `set search_path to ${schemaName(schema)}`);
  if (dir !== undefined) await makeTreePrivate(dir);
  const direct: SqlRunner = {
    query: async <T extends Row>(text: string, params?: readonly unknown[]) =>
      (await send('query', text, params)) as T[],
    exec: async (script) => {
      await send('exec', script);
    },
  };

  return {
    driver: 'pglite',
    query: (text, params) => exclusive(() => direct.query(text, params)),
    exec: (script) => exclusive(() => direct.exec(script)),
    transaction: (work) =>
      exclusive(async () => {
        await send('exec', 'begin');
        try {
          const result = await work(direct);
          await send('exec', 'commit');
          return result;
        } catch (error) {
          await send('exec', 'rollback').catch(() => {});
          throw error;
        }
      }),
    close: () =>
      exclusive(async () => {
        if (gone) return;
        await send('close');
        gone = new Error('内置数据库已关闭');
        await worker.terminate();
        if (dir !== undefined) await makeTreePrivate(dir);
      }),
  };
}
