/**
 * The on-disk shape of every store file, `{"schemaVersion": n, ...data}`, and the way an older file is brought
 * up to date. Pure functions over text: reading files is json-file.ts's business.
 */
import { CertVerifyError } from '../domain/errors.js';

/** `migrations[k]` turns data of version k into version k+1. A file without `schemaVersion` is version 0. */
// biome-ignore lint/suspicious/noExplicitAny: a migration reads an old shape no current type describes
export type Migrations = Record<number, (old: any) => any>;

/**
 * Why a store file could not be used. Only `unparsable` and `wrong_shape` (JSON, but a field missing or of
 * another kind) may be moved aside and started afresh.
 */
export type StoreFileProblem = 'unparsable' | 'newer_version' | 'no_migration' | 'wrong_shape';

/** A store file that cannot be used as it is. The message names the file and says what to do. */
export class StoreFileError extends CertVerifyError {
  readonly problem: StoreFileProblem;
  readonly path: string;
  constructor(problem: StoreFileProblem, path: string, message: string, options?: { cause?: unknown }) {
    super('store_corrupt', message, options);
    this.problem = problem;
    this.path = path;
  }
}

/** Data read from a file and the version it was stored in (lower than current when it was migrated). */
export interface Decoded<T> {
  data: T;
  fromVersion: number;
}

/** Text of a file holding `data` at `version`. */
export function encodeVersioned(data: object, version: number): string {
  return JSON.stringify({ schemaVersion: version, ...data });
}

/** Parse a store file and migrate it to `version`. Throws StoreFileError naming `path`. */
export function decodeVersioned<T extends object>(
  text: string,
  path: string,
  version: number,
  migrations: Migrations = {},
): Decoded<T> {
  const { data, fromVersion } = splitVersioned(text, path);
  return { data: migrateVersioned<T>(data, fromVersion, path, version, migrations), fromVersion };
}

/** Parse a store file into its data and the version it is stored in, as it is. Throws StoreFileError. */
export function splitVersioned(text: string, path: string): { data: unknown; fromVersion: number } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw unparsable(path, (cause as Error).message, cause);
  }
  if (typeof parsed !== 'object' || parsed === null) throw unparsable(path, '内容不是 JSON 对象或数组');
  let data: unknown = parsed;
  let fromVersion = 0;
  if (!Array.isArray(parsed) && 'schemaVersion' in parsed) {
    const { schemaVersion, ...rest } = parsed as Record<string, unknown>;
    if (typeof schemaVersion !== 'number' || !Number.isInteger(schemaVersion) || schemaVersion < 0) {
      throw unparsable(path, `schemaVersion 无效（${JSON.stringify(schemaVersion)}）`);
    }
    fromVersion = schemaVersion;
    data = rest;
  }
  return { data, fromVersion };
}

/**
 * Bring `data` stored at `fromVersion` up to `version` (a store file's, or a document's in the database, `path`
 * naming it in the messages). Throws StoreFileError when it is newer or a step is missing.
 */
export function migrateVersioned<T extends object>(
  stored: unknown,
  fromVersion: number,
  path: string,
  version: number,
  migrations: Migrations = {},
): T {
  let data = stored;
  if (fromVersion > version) {
    throw new StoreFileError(
      'newer_version',
      path,
      `数据文件 ${path} 由更新版本的程序写入（格式版本 ${fromVersion}，本程序只支持到 ${version}），请升级程序后再使用。`,
    );
  }
  for (let v = fromVersion; v < version; v++) {
    const migrate = migrations[v];
    if (!migrate) {
      throw new StoreFileError(
        'no_migration',
        path,
        `数据文件 ${path} 的格式版本 ${v} 无法升级到 ${version}（程序缺少对应的升级步骤）。`,
      );
    }
    data = migrate(data);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new StoreFileError(
      'no_migration',
      path,
      `数据文件 ${path} 的内容结构不符合格式版本 ${version}（应为 JSON 对象）。`,
    );
  }
  return data as T;
}

function unparsable(path: string, detail: string, cause?: unknown): StoreFileError {
  return new StoreFileError(
    'unparsable',
    path,
    `数据文件 ${path} 已损坏，无法读取（${detail}）。文件未被改动：请从备份恢复，或将它移走后再启动（移走后其中的记录不再可用）。`,
    { cause },
  );
}
