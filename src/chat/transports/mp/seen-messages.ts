/**
 * The service account's messages already taken, kept on disk so a message replayed after a restart is not
 * handled again: each key (a MsgId, or sender and CreateTime for an event) with the moment until which a request
 * carrying it could still be accepted (its signed `timestamp` plus the allowed clock skew). A JSON-lines file in
 * the data directory (0600): a header `{"schemaVersion":1}`, then one `{"key","until"}` per line, appended and
 * synced before the message is handled. Entries past their moment are dropped when the file is opened and when
 * it is rewritten; at most `limit` entries are kept (the ones that expire first make way).
 */
import { dirname } from 'node:path';
import {
  FILE_MODE,
  readTextIfExists,
  realFs,
  type StoreFs,
  writeFileAtomic,
} from '../../../store/atomic-write.js';
import { makePrivateDir } from '../../../store/private-files.js';
import { logger } from '../../../util/logger.js';

const log = logger('mp');

const SCHEMA_VERSION = 1;
const HEADER = `${JSON.stringify({ schemaVersion: SCHEMA_VERSION })}\n`;

/** Entries kept at most (a few hundred bytes each on disk). */
export const SEEN_LIMIT = 10_000;

export class SeenMessages {
  /** Appended lines since the file was last rewritten. */
  private appended = 0;
  /** Disk writes, one after another. */
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly path: string,
    private readonly entries: Map<string, number>,
    private readonly now: () => number,
    private readonly limit: number,
    private readonly fs: StoreFs,
  ) {}

  /** Read the file at `path` (none yet: empty), drop what has expired and rewrite it. */
  static async open(
    path: string,
    now: () => number,
    limit = SEEN_LIMIT,
    fs: StoreFs = realFs,
  ): Promise<SeenMessages> {
    await makePrivateDir(dirname(path), fs);
    const entries = new Map<string, number>();
    const text = (await readTextIfExists(fs, path)) ?? '';
    const [header = '', ...lines] = text.split('\n');
    let unreadable = 0;
    if (header !== '' && `${header}\n` !== HEADER) {
      log.warn({ path }, 'seen-messages file of another layout: started afresh');
      lines.length = 0;
    }
    for (const line of lines) {
      if (line === '') continue;
      const entry = readEntry(line);
      if (entry) entries.set(entry.key, Math.max(entry.until, entries.get(entry.key) ?? 0));
      else unreadable++;
    }
    if (unreadable > 0) log.warn({ path, unreadable }, 'unreadable lines in the seen-messages file dropped');
    const seen = new SeenMessages(path, entries, now, limit, fs);
    seen.prune();
    await seen.rewrite();
    return seen;
  }

  /**
   * Note that `key` was seen in a request acceptable until `until` (epoch ms). Resolves true when it is new (not
   * seen in its window before), once it is on disk. The check and the note happen at the call, before any await:
   * of two calls with the same key, only the first gets true.
   */
  async remember(key: string, until: number): Promise<boolean> {
    const known = this.entries.get(key);
    const isNew = known === undefined || known <= this.now();
    if (!isNew && known >= until) return false;
    this.entries.set(key, until);
    if (this.entries.size > this.limit) this.prune();
    await this.write(() => this.append(key, until));
    return isNew;
  }

  private write(step: () => Promise<void>): Promise<void> {
    const next = this.writing.then(step);
    this.writing = next.catch(() => {});
    return next;
  }

  private async append(key: string, until: number): Promise<void> {
    if (this.appended >= this.limit) return this.rewrite();
    const handle = await this.fs.open(this.path, 'a', FILE_MODE);
    try {
      await handle.writeFile(`${JSON.stringify({ key, until })}\n`, 'utf8');
      await handle.datasync();
    } finally {
      await handle.close();
    }
    this.appended++;
  }

  private async rewrite(): Promise<void> {
    this.prune();
    const lines = [...this.entries].map(([key, until]) => `${JSON.stringify({ key, until })}\n`);
    await writeFileAtomic(this.fs, this.path, HEADER + lines.join(''));
    this.appended = 0;
  }

  /** Drop the expired entries, then the ones expiring first while there are more than `limit`. */
  private prune(): void {
    const now = this.now();
    for (const [key, until] of this.entries) if (until <= now) this.entries.delete(key);
    if (this.entries.size <= this.limit) return;
    const byExpiry = [...this.entries].sort((a, b) => a[1] - b[1]);
    for (const [key] of byExpiry.slice(0, this.entries.size - this.limit)) this.entries.delete(key);
  }
}

function readEntry(line: string): { key: string; until: number } | undefined {
  try {
    const value = JSON.parse(line) as { key?: unknown; until?: unknown };
    if (typeof value.key === 'string' && typeof value.until === 'number') {
      return { key: value.key, until: value.until };
    }
  } catch {
    // an unreadable line (a crash mid-append): counted by the caller and dropped
  }
  return undefined;
}
