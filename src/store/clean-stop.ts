/**
 * The clean-stop record (`clean-stop.json`): how many records the store's logs held when the store was last
 * closed cleanly. Taken (and removed) at open, so a crash leaves none and nothing is compared after it; a log
 * found holding fewer records than at the clean stop (emptied, cut short, replaced by an old backup) is reported
 * instead of starting silently with less.
 */
import { join } from 'node:path';
import { logger } from '../util/logger.js';
import { readTextIfExists, type StoreFs, writeFileAtomic } from './atomic-write.js';
import { shrankNotice } from './store-words.js';
import { encodeVersioned } from './versioned-json.js';

const log = logger('store');

/** Name of the record in the data directory. */
export const CLEAN_STOP_FILE = 'clean-stop.json';

/** Layout version of the record. */
const CLEAN_STOP_VERSION = 1;

/** Records held by each log at the clean stop, by file name. */
export type CleanStopCounts = Record<string, number>;

/** A clean stop: when, and the counts. */
export interface CleanStop {
  at: string;
  counts: CleanStopCounts;
}

/**
 * Read the record of the last clean stop in `dir` and remove it (kept under `keep`: a read-only open changes
 * nothing). An unreadable record counts as none.
 */
export async function takeCleanStop(fs: StoreFs, dir: string, keep: boolean): Promise<CleanStop | undefined> {
  const path = join(dir, CLEAN_STOP_FILE);
  const text = await readTextIfExists(fs, path);
  if (text === null) return undefined;
  if (!keep) await fs.unlink(path);
  try {
    const data = JSON.parse(text) as Partial<CleanStop>;
    if (typeof data.at === 'string' && typeof data.counts === 'object' && data.counts !== null)
      return { at: data.at, counts: data.counts };
  } catch {
    // fall through: not a record this program wrote
  }
  return undefined;
}

/** The sentences for the logs holding fewer records now than at `stopped`. */
export function shrankSince(stopped: CleanStop | undefined, now: CleanStopCounts, dir: string): string[] {
  if (stopped === undefined) return [];
  const notices: string[] = [];
  for (const [name, count] of Object.entries(now)) {
    const before = stopped.counts[name];
    if (typeof before !== 'number' || count >= before) continue;
    log.error({ file: name, before, now: count }, '数据文件的记录比上次正常关闭时少');
    notices.push(shrankNotice(join(dir, name), before, count, stopped.at));
  }
  return notices;
}

/** Write the record of a clean stop; a failure (a full disk) only means the next start compares nothing. */
export async function recordCleanStop(fs: StoreFs, dir: string, counts: CleanStopCounts): Promise<void> {
  const record: CleanStop = { at: new Date().toISOString(), counts };
  await writeFileAtomic(
    fs,
    join(dir, CLEAN_STOP_FILE),
    `${encodeVersioned(record, CLEAN_STOP_VERSION)}\n`,
  ).catch((error: unknown) => {
    log.warn({ dataDir: dir, err: error }, '未能记录本次正常关闭（下次启动不比较记录数）');
  });
}
