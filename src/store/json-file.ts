/**
 * A JSON file that survives crashes: the base of every store file (cache, registry, findings, audit, and the
 * files other modules open through `store.file`). lowdb's `Low` over our own adapter (never JSONFilePreset,
 * which silently keeps data in memory under NODE_ENV=test). Each file carries `schemaVersion`; an older file
 * is migrated on open and written back. Concurrent updates are coalesced: one disk write carries every change
 * made before it started, and each `update` resolves once a write holding its change is durable.
 */
import { dirname } from 'node:path';
import { type Adapter, Low } from 'lowdb';
import { logger } from '../util/logger.js';
import {
  DIR_MODE,
  readTextIfExists,
  realFs,
  removeLeftoverTemps,
  type StoreFs,
  writeFileAtomic,
} from './atomic-write.js';
import { wrongShapeText } from './store-words.js';
import { decodeVersioned, encodeVersioned, type Migrations, StoreFileError } from './versioned-json.js';

const log = logger('store');

/** What to do with a file that is not JSON: refuse to start (default), or move it aside and start empty. */
export type CorruptPolicy = 'refuse' | 'recover';

export interface JsonFileOptions<T> {
  /** Absolute path of the file. */
  path: string;
  /** Current schema version; the file stores `{"schemaVersion": n, ...data}`. */
  version: number;
  /** Data of a file that does not exist yet. */
  defaults: () => T;
  /** `migrations[k]` turns version k into k+1; a file without `schemaVersion` is version 0. */
  migrations?: Migrations;
  /**
   * `refuse` (default): an unparsable file stops the open with a `store_corrupt` error and is left untouched.
   * `recover`: it is renamed to `<name>.corrupt-<timestamp>` and the file starts from `defaults` (so is a file of
   * the wrong shape: a field of `defaults` missing or of another kind; refused, naming the file, under `refuse`).
   */
  onCorrupt?: CorruptPolicy;
  /** File-system seam for tests. */
  fs?: StoreFs;
}

/** lowdb adapter: versioned JSON read with migration, written atomically and durably. */
class DurableJsonAdapter<T extends object> implements Adapter<T> {
  /** Version the last read found on disk. */
  readVersion: number | undefined;

  constructor(
    private readonly path: string,
    private readonly version: number,
    private readonly migrations: Migrations | undefined,
    private readonly fs: StoreFs,
  ) {}

  async read(): Promise<T | null> {
    const text = await readTextIfExists(this.fs, this.path);
    if (text === null) return null;
    const decoded = decodeVersioned<T>(text, this.path, this.version, this.migrations);
    this.readVersion = decoded.fromVersion;
    return decoded.data;
  }

  write(data: T): Promise<void> {
    // Serialised now, synchronously: changes made while the write is on its way belong to the next one.
    return writeFileAtomic(this.fs, this.path, encodeVersioned(data, this.version));
  }
}

/** What a JSON value is, in the words of a wrong-shape message. */
function kindOf(value: unknown): string {
  if (value === undefined) return '缺失';
  if (value === null) return 'null';
  if (Array.isArray(value)) return '数组';
  switch (typeof value) {
    case 'object':
      return '对象';
    case 'string':
      return '字符串';
    case 'number':
      return '数字';
    case 'boolean':
      return '布尔值';
    default:
      return typeof value;
  }
}

/**
 * Refuse data whose fields of the defaults are missing or of another kind (an object where an array belongs …),
 * naming the file: the code reading it would otherwise fail far away with a message that names nothing.
 */
function checkShape(data: object, defaults: object, path: string): void {
  for (const [key, expected] of Object.entries(defaults)) {
    const found: unknown = (data as Record<string, unknown>)[key];
    if (kindOf(found) !== kindOf(expected)) {
      throw new StoreFileError(
        'wrong_shape',
        path,
        wrongShapeText(path, key, kindOf(expected), kindOf(found)),
      );
    }
  }
}

/** A durable JSON file with coalesced writes. Open with `JsonFile.open`. */
export class JsonFile<T extends object> {
  /** The write that has not started yet; every change made now joins it. */
  private pending: Promise<void> | undefined;
  /** The latest write started (or the pending one once scheduled). */
  private last: Promise<void> = Promise.resolve();
  /** Changes not yet in a successful write. */
  private dirty = false;
  private writeCount = 0;

  private constructor(
    private readonly low: Low<T>,
    /** Absolute path of the file. */
    readonly path: string,
  ) {}

  /** Open (or create in memory) the file at `options.path`: cleans leftover temp files, migrates, refuses corruption. */
  static async open<T extends object>(options: JsonFileOptions<T>): Promise<JsonFile<T>> {
    const fs = options.fs ?? realFs;
    const { path, version } = options;
    await fs.mkdir(dirname(path), { recursive: true, mode: DIR_MODE });
    const leftovers = await removeLeftoverTemps(fs, path);
    if (leftovers.length) log.warn({ path, leftovers }, '删除了中断写入留下的临时文件（原文件完好）');
    const adapter = new DurableJsonAdapter<T>(path, version, options.migrations, fs);
    const low = new Low<T>(adapter, options.defaults());
    try {
      await low.read();
      if (adapter.readVersion !== undefined) checkShape(low.data, options.defaults(), path);
    } catch (error) {
      const recoverable =
        error instanceof StoreFileError &&
        (error.problem === 'unparsable' || error.problem === 'wrong_shape');
      if (!(recoverable && options.onCorrupt === 'recover')) {
        throw error;
      }
      const aside = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await fs.rename(path, aside);
      log.error({ path, aside }, '数据文件已损坏，已移到一旁并以空文件重新开始');
      low.data = options.defaults();
    }
    const file = new JsonFile<T>(low, path);
    const from = adapter.readVersion;
    if (from !== undefined && from < version) {
      await file.update(() => {});
      log.info({ path, from, to: version }, '数据文件已升级到新的格式版本');
    }
    return file;
  }

  /** In-memory state; read freely, change only through `update`. */
  get data(): T {
    return this.low.data;
  }

  /** Disk writes done so far. */
  get writes(): number {
    return this.writeCount;
  }

  /** Apply `mutate` now; resolves once a disk write containing the change is durable. */
  update(mutate: (data: T) => void): Promise<void> {
    mutate(this.low.data);
    this.dirty = true;
    return this.schedule();
  }

  /** Resolves once every change made so far is durable. */
  flush(): Promise<void> {
    if (this.pending) return this.pending;
    if (this.dirty) return this.schedule();
    return this.last;
  }

  private schedule(): Promise<void> {
    if (this.pending) return this.pending;
    const write = this.last
      .catch(() => {}) // the previous write's failure was reported to its own callers
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => {
        this.pending = undefined;
        this.dirty = false;
        return this.low.write().then(
          () => {
            this.writeCount++;
          },
          (error: unknown) => {
            this.dirty = true;
            log.error({ path: this.path, err: error }, '数据文件写入失败');
            throw error;
          },
        );
      });
    this.pending = write;
    this.last = write;
    return write;
  }
}
