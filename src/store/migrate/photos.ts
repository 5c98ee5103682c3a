/**
 * `store migrate`'s photos (留存照片): `photos/<sha256>.<format>` into `kept_photos`, under the same name. A photo
 * counts as stored when the database holds the same bytes under its hash. Counts are photos.
 */
import type { SqlDb } from '../../sql/db.js';
import { readPhotosDir } from '../files/photos-dir.js';
import { KeptPhotos } from '../kept-photos.js';
import { carryEach } from './carry-each.js';
import type { KindCount, MigrationKind } from './kind.js';

export const photosKind: MigrationKind = {
  name: 'photos',
  label: '留存照片',
  async run(fromDir: string, db: SqlDb): Promise<KindCount> {
    const photos = await readPhotosDir(fromDir);
    const kept = new KeptPhotos(db);
    return carryEach(photos, photos.length, async (photo) => {
      const added = (await kept.add(photo)) ? 1 : 0;
      const held = await kept.get(photo.sha256);
      const same = held?.format === photo.format && held.bytes.equals(photo.bytes);
      return { added, stored: same ? 1 : 0 };
    });
  },
};
