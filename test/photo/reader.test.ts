/**
 * The reader on generated photos with the real OCR engine, one engine shared by the file (each photo takes about a
 * second or more): the ID number exactly on clean and distorted photos, the QR code and its verdict, the turn
 * that made the image upright, and what a photo of something else gives. The full accuracy run is the bench's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ocrPackageLoader } from '../../src/photo/ocr-engine.js';
import { createPhotoReader } from '../../src/photo/reader.js';
import type { PhotoReader } from '../../src/photo/types.js';
import { type SamplePhoto, samplePhotos } from '../helpers/card-photos.js';

const settings = (
  JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'config', 'default.json'), 'utf8')) as {
    photo: Parameters<typeof createPhotoReader>[0]['settings'];
  }
).photo;

/**
 * Photos of the seeded set: an IC card clean, a screenshot turned 90°, a fake host in perspective, a card upside
 * down, a screenshot turned by its EXIF tag.
 */
const PICKED = new Set([0, 2, 3, 6, 8]);
const SLOW = 180_000;

let reader: PhotoReader;
let photos: SamplePhoto[];

beforeAll(async () => {
  reader = createPhotoReader({ settings });
  photos = await samplePhotos(9, 14, (i) => PICKED.has(i));
}, SLOW);

afterAll(async () => {
  await reader?.close();
});

describe('createPhotoReader with the OCR engine', () => {
  it('picked the variants it means to test', () => {
    expect(photos.map((p) => `${p.style}-${p.variant}`)).toEqual([
      'ic_card-clean',
      'e_cert-turn90',
      'ic_card-perspective',
      'ic_card-turn180',
      'e_cert-exif',
    ]);
  });

  for (const [i, what] of [
    [0, 'a clean IC card'],
    [1, 'a screenshot turned 90°'],
    [2, 'an IC card in perspective with a fake QR host'],
    [3, 'an IC card upside down'],
    [4, 'a screenshot turned only by its EXIF tag'],
  ] as const) {
    it(
      `reads ${what}: ID number exactly, QR code and verdict, upright turn`,
      async () => {
        const photo = photos[i] as SamplePhoto;
        const reading = await reader.read(photo.bytes);
        expect(reading.problems).toEqual([]);
        expect(reading.card?.idNumber?.text).toBe(photo.printed.idNumber);
        expect(reading.card?.name?.text).toBe(photo.printed.name);
        expect(reading.card?.validUntil?.text).toBe(photo.printed.validUntil);
        expect(reading.card?.idNumber?.confidence).toBeGreaterThan(0.5);
        expect(reading.qr?.text).toBe(photo.qrText);
        expect(reading.qr?.official).toBe(photo.qrOfficial);
        if (!photo.qrOfficial) expect(reading.qr?.reason).toMatch(/官方|仿冒|用户名|端口|特殊字符/);
        expect(reading.rotated).toBe(photo.uprightTurn);
      },
      SLOW,
    );
  }

  it(
    'says a photo of something else holds no QR code and no card text',
    async () => {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="600" font-family="Noto Sans CJK SC"><rect width="900" height="600" fill="#f4efe6"/><text x="80" y="200" font-size="60">今日特价 鸡蛋 5.98 元</text><text x="80" y="320" font-size="48">欢迎光临 生鲜超市</text></svg>`;
      const receipt = await sharp(Buffer.from(svg)).jpeg().toBuffer();
      const reading = await reader.read(receipt);
      expect(reading.problems).toEqual(['no_qr', 'no_card_text']);
      expect(reading.card).toBeUndefined();
    },
    SLOW,
  );

  it('without the OCR package still reads the QR code and says the card could not be read', async () => {
    // A package name that is not installed, loaded the way the real one is (as after --omit=optional).
    const bare = createPhotoReader({
      settings,
      loadOcr: ocrPackageLoader('@gutenye/ocr-node-not-installed'),
    });
    const photo = photos[0] as SamplePhoto;
    const reading = await bare.read(photo.bytes);
    expect(reading.problems).toEqual(['ocr_unavailable']);
    expect(reading.qr).toMatchObject({ official: true, text: photo.qrText });
    await bare.close();
  });
});
