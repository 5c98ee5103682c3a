/**
 * The local store: one data directory, held by one process, with the bot's database (answers, registry,
 * findings, audit trail, check tally, kept photos and the JSON documents other modules keep: `file`).
 */
import { resolve } from 'node:path';
import type { Config } from '../config/schema.js';
import { InputError } from '../domain/errors.js';
import type { SqlDb } from '../sql/db.js';
import { logger } from '../util/logger.js';
import { AnswerStore } from './answer-store.js';
import type { AnswerCache } from './answers.js';
import { AuditLog } from './audit-log.js';
import { CheckTally } from './check-tally.js';
import { openDataDirNotice, tightenDataDir } from './data-dir-privacy.js';
import { type CorruptPolicy, type DocumentOptions, StoreDocument } from './document.js';
import { CACHE_FILES } from './files/answer-file.js';
import { AUDIT_FILES } from './files/audit-files.js';
import { FINDINGS_FILES } from './files/findings-files.js';
import { FindingsLog } from './findings-log.js';
import { KeptPhotos } from './kept-photos.js';
import { acquireDirLock, type DirLock } from './lock.js';
import { dataDirFilesIn } from './migrate/data-dir-files.js';
import { Registry } from './registry.js';
import { type DatabasePlace, fullDiskInWords, openFailure } from './sql/database-full.js';
import { openStoreDb, type StoreDbSettings, storePgliteDir } from './sql/open-db.js';
import { DIR_MODE, realFs, type StoreFs, StoreFullError } from './store-fs.js';
import { oldFilesNotice, readOnlyOpenText } from './store-words.js';

const log = logger('store');

export interface StoreOptions {
  cache: Config['cache'];
  /** The bot's database (`store.*` settings); default the embedded PGlite in the data directory. */
  database?: StoreDbSettings;
  /** What to do with a document of the wrong shape (default `refuse`; see DocumentOptions.onCorrupt). */
  onCorrupt?: CorruptPolicy;
  /** Audit entries kept (default 100,000). */
  auditMaxEntries?: number;
  /** File-system seam for tests. */
  fs?: StoreFs;
  /**
   * The caller only reads (export, listings): when the disk is too full for the lock file, the store opens
   * without it (said in `openedNotice`) instead of refusing.
   */
  readOnly?: boolean;
  /**
   * Whether the data directory is this process's alone (default true): the bot keeps its WeChat session there. A
   * command passes false: on a server database (store.databaseUrl) it keeps nothing of its own in the directory
   * and runs beside a running bot; the embedded database is one process's at a time, so there it locks anyway.
   */
  exclusive?: boolean;
}

/** Options of a document: what to do with one of the wrong shape is the store's (`StoreOptions.onCorrupt`). */
export type StoreFileOptions<T> = Omit<DocumentOptions<T>, 'onCorrupt'>;

/** An open store. Close it to flush and release the directory. */
export interface Store {
  /** Absolute data directory. */
  readonly dataDir: string;
  /**
   * What the operator must hear of at start, one sentence a line, else undefined: the data directory or a folder
   * in it was open to other users (now tightened); files of an earlier version are still there; a read-only
   * open on a full disk. The command line prints it on standard error.
   */
  readonly openedNotice: string | undefined;
  /** The bot's database: PGlite in the data directory or the PostgreSQL server of `store.databaseUrl`. */
  readonly db: SqlDb;
  /** Platform answers, in the database (answer-store.ts). */
  readonly cache: AnswerCache;
  readonly registry: Registry;
  /** The findings, in the database (shared by every instance on it). */
  readonly findings: FindingsLog;
  /** The audit trail, in the database. */
  readonly audit: AuditLog;
  /** Everyone checked, per day and enterprise (the papers' counts: the findings hold only problems), in the database. */
  readonly checks: CheckTally;
  /** Photos kept as evidence (`photo.keepImages`). */
  readonly photos: KeptPhotos;
  /**
   * Open the document `name` of the store's database (letters, digits, `_`, `-`; a `.json` suffix, the name of
   * the file it was before the SQL store, is dropped). Opening the same name again returns the same document.
   * T is its data, an object; it is left unconstrained so callers can describe this method with a plain
   * `file<T>` signature.
   */
  file<T>(name: string, options: StoreFileOptions<T>): Promise<StoreDocument<T & object>>;
  /** Flush every file and document and release the directory lock. */
  close(): Promise<void>;
}

/**
 * The store's own files, and those of earlier versions a data directory may still hold (`store migrate` reads
 * them); `file` refuses these names.
 */
const CORE_FILES: string[] = [CACHE_FILES.legacy, 'registry.json', FINDINGS_FILES.legacy, AUDIT_FILES.legacy];

/**
 * Create (0700) and lock `dataDir`, tighten it (and its folders) when others could read it, then open the
 * store's files. Rejects with store_locked / store_corrupt.
 */
export async function openStore(dataDir: string, options: StoreOptions): Promise<Store> {
  const dir = resolve(dataDir);
  const fs = options.fs ?? realFs;
  await fs.mkdir(dir, { recursive: true, mode: DIR_MODE });
  const notices: string[] = [];
  const settings = options.database ?? EMBEDDED_STORE_DB;
  let lock: DirLock | undefined;
  try {
    if (settings.databaseUrl === '' || options.exclusive !== false) lock = await acquireDirLock(dir);
  } catch (error) {
    if (!(options.readOnly && error instanceof StoreFullError)) throw error;
    notices.push(readOnlyOpenText(dir));
  }
  /** Documents by name. Typed loosely: a name is opened for one data type by its owner. */
  const extra = new Map<string, Promise<{ flush(): Promise<void> }>>();
  let db: SqlDb | undefined;
  try {
    const place: DatabasePlace =
      settings.databaseUrl === '' ? { embedded: storePgliteDir(dir) } : { server: true };
    const opening = openStoreDb(dir, settings);
    db = fullDiskInWords(
      await opening.catch(async (error) => {
        throw await openFailure(error, place);
      }),
      place,
    );
    const open = await tightenDataDir(dir, fs);
    if (open.tightened.length + open.stillOpen.length > 0)
      log.warn({ dataDir: dir, ...open }, '数据目录原先其他用户可访问');
    const cache = new AnswerStore(db, { ttl: options.cache });
    const audit = await AuditLog.open(db, { maxEntries: options.auditMaxEntries });
    const findings = new FindingsLog(db);
    const checks = new CheckTally(db);
    const core = [cache, findings, audit, checks];
    const oldFiles = await dataDirFilesIn(dir);
    notices.push(
      ...[openDataDirNotice(dir, open)].flatMap((n) => (n ? [n] : [])),
      ...(oldFiles.length > 0 ? [oldFilesNotice(dir, oldFiles)] : []),
    );
    const opened = db;
    const store: Store = {
      dataDir: dir,
      openedNotice: notices.length > 0 ? notices.join('\n') : undefined,
      db,
      cache,
      registry: new Registry(db),
      findings,
      audit,
      checks,
      photos: new KeptPhotos(db),
      async file<T>(name: string, fileOptions: StoreFileOptions<T>): Promise<StoreDocument<T & object>> {
        const docName = documentName(name);
        const known = extra.get(docName);
        if (known) return known as unknown as Promise<StoreDocument<T & object>>;
        const doc = StoreDocument.open(opened, docName, {
          ...(fileOptions as StoreFileOptions<T & object>),
          ...(options.onCorrupt === undefined ? {} : { onCorrupt: options.onCorrupt }),
        });
        extra.set(docName, doc);
        doc.catch(() => extra.delete(docName));
        return doc;
      },
      async close() {
        const files = [...core, ...(await Promise.allSettled(extra.values())).flatMap(fulfilled)];
        try {
          await Promise.all(files.map((f) => f.flush()));
        } finally {
          await opened.close().catch((e) => log.error({ err: e }, '数据库关闭失败'));
          await lock?.release();
        }
        log.info({ dataDir: dir }, '数据目录已关闭');
      },
    };
    log.info({ dataDir: dir }, '数据目录已打开');
    return store;
  } catch (error) {
    await db?.close().catch(() => {});
    await lock?.release();
    throw error;
  }
}

/** The default database: PGlite in the data directory, the default schema. */
const EMBEDDED_STORE_DB: StoreDbSettings = { databaseUrl: '', schema: 'cert_verify' };

function fulfilled<T>(result: PromiseSettledResult<T>): T[] {
  return result.status === 'fulfilled' ? [result.value] : [];
}

/** The document's name (`<name>.json` without `.json`), refusing odd names and the store's own files. */
function documentName(name: string): string {
  // No other dots: `cache.json.tmp-…` or `x.json.corrupt-…` would be taken for another file's leftovers.
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*(\.json)?$/.test(name)) {
    throw new InputError(`数据文件名 ${name} 无效：只能使用字母、数字、下划线和连字符（可带 .json 后缀）`);
  }
  const fileName = name.endsWith('.json') ? name : `${name}.json`;
  if (CORE_FILES.includes(fileName))
    throw new InputError(`数据文件名 ${name} 是存储自用的文件，不能另行打开`);
  return fileName.slice(0, -'.json'.length);
}
