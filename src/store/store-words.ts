/**
 * The store's sentences for the operator: a full disk, a file of the wrong shape, old files left. One
 * place, so the CLI, the bot's log and the tests say the same thing.
 */

/** Commands that only read the data directory, and so still run on a full disk. */
const READ_ONLY_COMMANDS = 'export、ledger list、ledger export';

/** A store file could not be written: the disk is full. */
export function diskFullText(path: string): string {
  return `磁盘空间已满，无法写入数据文件 ${path}。请清理该磁盘（或用 --data-dir 改用空间充足的磁盘上的数据目录）后重试；已有的数据文件没有被改动，只读的命令（${READ_ONLY_COMMANDS}）仍可使用。`;
}

/** The embedded database could not write: the disk holding it is full. */
export function embeddedFullText(dir: string): string {
  return `磁盘空间已满，内置数据库（${dir}）无法写入，这次的改动没有保存。${MAKE_ROOM}`;
}

/** The embedded database could not start on a disk with (almost) no room: it writes as it starts. */
export function embeddedNoRoomText(dir: string, freeBytes: number | undefined): string {
  const left = freeBytes === undefined ? '' : `（剩余 ${Math.floor(freeBytes / 1024)} KB）`;
  return `磁盘空间已满${left}，内置数据库（${dir}）无法启动：它启动时就要写入磁盘。${MAKE_ROOM}`;
}

/** The database server could not write: its disk is full. */
export function serverFullText(): string {
  return '数据库服务器的磁盘空间已满（PostgreSQL 报告 53100 disk_full），这次的改动没有保存。请数据库管理员清理空间后重试；已保存的数据不受影响。';
}

/** What to do when the embedded database's disk is full. */
const MAKE_ROOM =
  '请清理该磁盘（或用 --data-dir 改用空间充足的磁盘上的数据目录）后重试；已保存的数据不受影响。';

/** A file other than the store's could not be written: the disk is full. */
export function outputDiskFullText(path: string | undefined): string {
  return `磁盘空间已满，无法写入${path ? ` ${path}` : '文件'}。请清理磁盘空间（或把输出写到其他磁盘）后重试。`;
}

/** A read-only command opened the data directory without its lock because the disk is full. */
export function readOnlyOpenText(dataDir: string): string {
  return `注意：磁盘空间已满，数据目录 ${dataDir} 以只读方式打开（未加锁）；本命令只读取数据。请尽快清理磁盘空间。`;
}

/** A store file is JSON but not of the shape this program writes. */
export function wrongShapeText(path: string, key: string, expected: string, found: string): string {
  return `数据文件 ${path} 的内容结构不对：${key} 应为${expected}，实为${found}。文件未被改动：请从备份恢复，或将它移走后再启动。`;
}

/** The data directory still holds the files of a version before the SQL store, which are no longer read. */
export function oldFilesNotice(dataDir: string, names: readonly string[]): string {
  return `注意：数据目录 ${dataDir} 中还有旧版本的数据文件（${names.join('、')}）。本版本的数据保存在数据库中，这些文件不再读取；请运行 cert-verify store migrate --from ${dataDir} 把它们迁入数据库（可重复运行，不会重复写入，文件不会被改动），确认无误后可将这些文件移走。`;
}
