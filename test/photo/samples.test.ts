/**
 * The demo photos shipped in data/samples/photos/ (written by make-photos.ts) are what photos.json says they
 * are: their QR codes decode to the listed text with the listed verdict, and the list names every photo.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPhotoReader } from '../../src/photo/reader.js';

const ROOT = join(import.meta.dirname, '..', '..');
const DIR = join(ROOT, 'data', 'samples', 'photos');
const settings = {
  ...(JSON.parse(readFileSync(join(ROOT, 'config', 'default.json'), 'utf8')) as { photo: object }).photo,
  ocr: false,
} as Parameters<typeof createPhotoReader>[0]['settings'];
const { photos } = JSON.parse(readFileSync(join(DIR, 'photos.json'), 'utf8')) as {
  photos: Array<{ file: string; qrText: string; qrOfficial: boolean; altered: Record<string, unknown> }>;
};

describe('data/samples/photos', () => {
  it('lists every photo, small enough to ship', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.jpg'));
    expect(photos.map((p) => p.file).sort()).toEqual(files.sort());
    for (const file of files) expect(readFileSync(join(DIR, file)).length).toBeLessThan(200_000);
    expect(photos.some((p) => !p.qrOfficial)).toBe(true);
    expect(photos.some((p) => Object.keys(p.altered).length > 0)).toBe(true);
  });

  it('holds the QR codes it lists, judged as listed', async () => {
    const reader = createPhotoReader({ settings });
    for (const photo of photos) {
      const reading = await reader.read(readFileSync(join(DIR, photo.file)));
      expect(reading.qr?.text, photo.file).toBe(photo.qrText);
      expect(reading.qr?.official, photo.file).toBe(photo.qrOfficial);
    }
    await reader.close();
  });
});
