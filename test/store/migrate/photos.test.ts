import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeptPhotos } from '../../../src/store/kept-photos.js';
import { photosKind } from '../../../src/store/migrate/photos.js';
import { tempDir } from '../temp-dir.js';
import { kindDb } from './kind-db.js';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
const SHA = createHash('sha256').update(JPEG).digest('hex');

describe('store migrate: photos', () => {
  const database = kindDb();

  it('carries photos/ once under the same names, and stops at bytes the database does not hold', async () => {
    const from = await tempDir();
    const db = database();
    expect(await photosKind.run(from, db)).toEqual({ read: 0, stored: 0, added: 0 });
    await mkdir(join(from, 'photos'));
    await writeFile(join(from, 'photos', `${SHA}.jpeg`), JPEG);
    await writeFile(join(from, 'photos', 'notes.txt'), 'not a kept photo');
    expect(await photosKind.run(from, db)).toEqual({ read: 1, stored: 1, added: 1 });
    expect(await photosKind.run(from, db)).toEqual({ read: 1, stored: 1, added: 0 });
    expect(await new KeptPhotos(db).get(SHA)).toEqual({ sha256: SHA, format: 'jpeg', bytes: JPEG });

    await writeFile(join(from, 'photos', `${SHA}.jpeg`), Buffer.concat([JPEG, Buffer.from([9])]));
    expect(await photosKind.run(from, db)).toEqual({ read: 1, stored: 0, added: 0 });
  });
});
