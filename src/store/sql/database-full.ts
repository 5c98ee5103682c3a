/**
 * A full disk under the bot's database, said in Chinese with what to do. The embedded PGlite reports a write it
 * cannot make as PostgreSQL's disk_full and goes on once space is freed; on a disk with no room at all it cannot
 * even start (it writes as it opens), and says only that it failed to initialise — so a failed start is checked
 * against the free space of the disk holding it. A server's disk_full is the server's disk: its administrator's.
 */
import { statfs } from 'node:fs/promises';
import { CertVerifyError } from '../../domain/errors.js';
import type { SqlDb } from '../../sql/db.js';
import { isDatabaseDiskFull, translateErrors } from '../../sql/translate-errors.js';
import { embeddedFullText, embeddedNoRoomText, serverFullText } from '../store-words.js';

/**
 * Less free space than this where the embedded database lives, when it fails to start, is taken for a full disk:
 * PGlite's start writes a few megabytes (its shared memory file and the write-ahead log's next segment).
 */
const ROOM_TO_START_BYTES = 32 * 2 ** 20;

/** The bot's database could not write: its disk is full. */
export class DatabaseFullError extends CertVerifyError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('store_full', message, options);
  }
}

/** Where the database is, for the words: the embedded one's directory, or a server. */
export type DatabasePlace = { embedded: string } | { server: true };

/** `db` whose disk-full errors become DatabaseFullError saying what to do at `place`. */
export function fullDiskInWords(db: SqlDb, place: DatabasePlace): SqlDb {
  return translateErrors(db, (error) =>
    isDatabaseDiskFull(error) && !(error instanceof DatabaseFullError)
      ? new DatabaseFullError('embedded' in place ? embeddedFullText(place.embedded) : serverFullText(), {
          cause: error,
        })
      : error,
  );
}

/**
 * Why the database at `place` did not open: a full disk in words when that is the cause (a disk_full error, or
 * an embedded database that failed to start on a disk with almost no room), else `error` itself.
 */
export async function openFailure(error: unknown, place: DatabasePlace): Promise<unknown> {
  if ('server' in place)
    return isDatabaseDiskFull(error) ? new DatabaseFullError(serverFullText(), { cause: error }) : error;
  const free = await freeBytes(place.embedded);
  if (isDatabaseDiskFull(error) || (free !== undefined && free < ROOM_TO_START_BYTES))
    return new DatabaseFullError(embeddedNoRoomText(place.embedded, free), { cause: error });
  return error;
}

/** Bytes free to this user on the disk holding `dir`, when it can be told. */
async function freeBytes(dir: string): Promise<number | undefined> {
  try {
    const disk = await statfs(dir);
    return disk.bavail * disk.bsize;
  } catch {
    return undefined;
  }
}
