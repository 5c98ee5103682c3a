/**
 * Photos kept as evidence when `photo.keepImages` is on, in the store's database (`kept_photos`, the bytes with
 * their sha256 and format), so any instance can show the photo of a lead another one recorded. They show ID
 * numbers and faces: kept, like the findings that name them, until the operator deletes them. Off by default: a
 * finding keeps the hash only. A finding names its photo `photos/<sha256>.<format>`, the name the photo had as a
 * file in the data directory before the SQL store (and the name it is exported under).
 */
import { sniffImage } from '../domain/image-format.js';
import type { SqlDb } from '../sql/db.js';

/** A kept photo. */
export interface KeptPhoto {
  sha256: string;
  /** jpeg, png … (`bin` when the bytes are no picture this knows). */
  format: string;
  bytes: Buffer;
}

/** The folder the name of a kept photo starts with (the data directory's folder of older versions). */
export const KEPT_PHOTOS_DIR = 'photos';

/** How a finding names a kept photo. */
export function keptPhotoName(photo: Pick<KeptPhoto, 'sha256' | 'format'>): string {
  return `${KEPT_PHOTOS_DIR}/${photo.sha256}.${photo.format}`;
}

/** The photos kept in the store's database. */
export class KeptPhotos {
  constructor(private readonly db: SqlDb) {}

  /** Keep `bytes` (whose hash is `sha256`; once: the same photo again changes nothing); resolves with its name. */
  async keep(sha256: string, bytes: Buffer): Promise<string> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('a kept photo is named by its sha256');
    const photo = { sha256, format: sniffImage(bytes) ?? 'bin', bytes };
    await this.add(photo);
    return keptPhotoName(photo);
  }

  /** Store `photo` unless a photo of its hash is kept already; resolves with whether it was added. */
  async add(photo: KeptPhoto): Promise<boolean> {
    const inserted = await this.db.query(
      `insert into kept_photos (sha256, format, bytes) values ($1, $2, $3)
       on conflict (sha256) do nothing returning sha256`,
      [photo.sha256, photo.format, photo.bytes],
    );
    return inserted.length > 0;
  }

  /** The photo kept under `sha256`, if any. */
  async get(sha256: string): Promise<KeptPhoto | undefined> {
    const [row] = await this.db.query<{ format: string; bytes: Uint8Array }>(
      'select format, bytes from kept_photos where sha256 = $1',
      [sha256],
    );
    return row && { sha256, format: row.format, bytes: Buffer.from(row.bytes) };
  }
}
