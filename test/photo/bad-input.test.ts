/**
 * Bad photos on the real decoder and QR reader (OCR off: this file needs no engine): each gets its problem, none
 * throws, and the process's resident memory stays bounded while a decompression bomb and oversized headers go by.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDeflate } from 'node:zlib';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodePhoto } from '../../src/photo/image.js';
import { decodeQr } from '../../src/photo/qr-decode.js';
import { createPhotoReader } from '../../src/photo/reader.js';
import type { PhotoReader } from '../../src/photo/types.js';
import { drawQr } from '../helpers/card-image.js';

const settings = {
  ...(
    JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'config', 'default.json'), 'utf8')) as {
      photo: { maxBytes: number; maxPixels: number; maxLongSide: number };
    }
  ).photo,
  ocr: false,
} as Parameters<typeof createPhotoReader>[0]['settings'];

/** CRC-32 of a PNG chunk's type and data. */
function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A grey PNG of `width` × `height` whose first `rows` rows are all zero (the rest missing): deflated as a stream,
 * a few hundred KB for 400 million pixels, a few bytes when `rows` is 1.
 */
async function zeroPng(width: number, height: number, rows = height): Promise<Buffer> {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const deflate = createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (part: Buffer) => parts.push(part));
  const block = Math.min(rows, 200);
  const zeros = Buffer.alloc((width + 1) * block); // filter byte 0 and zero pixels, row after row
  for (let row = 0; row < rows; row += block) if (!deflate.write(zeros)) await once(deflate, 'drain');
  deflate.end();
  await once(deflate, 'end');
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.concat(parts)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

let reader: PhotoReader;
let cardJpeg: Buffer;
/** 20000×20000 in full, 65000×65000 in a header over one row, and 7000×7000 (under the pixel limit). */
let bombs: { huge: Buffer; liar: Buffer; large: Buffer };

beforeAll(async () => {
  reader = createPhotoReader({ settings });
  cardJpeg = await sharp(await drawQr('https://wxcx.mem.gov.cn/certsearch/cert/qrcode#ABCDEF0123456789', 400))
    .jpeg()
    .toBuffer();
  bombs = {
    huge: await zeroPng(20000, 20000),
    liar: await zeroPng(65000, 65000, 1),
    large: await zeroPng(7000, 7000),
  };
}, 120_000);

describe('bad input', () => {
  it('not an image: text, a PDF, an empty file, an SVG', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    for (const bytes of [Buffer.from('这不是图片'), Buffer.from('%PDF-1.7\n%âãÏÓ\n'), Buffer.alloc(0), svg]) {
      const reading = await reader.read(bytes);
      expect(reading.problems).toEqual(['not_image']);
      expect(reading.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });

  it('a truncated JPEG', async () => {
    const reading = await reader.read(cardJpeg.subarray(0, Math.floor(cardJpeg.length / 2)));
    expect(reading.problems).toEqual(['truncated']);
  });

  it('more bytes than photo.maxBytes, refused before parsing', async () => {
    const small = createPhotoReader({ settings: { ...settings, maxBytes: 1024 } });
    expect((await small.read(cardJpeg)).problems).toEqual(['too_many_bytes']);
  });

  it('a 20000×20000 PNG of a few hundred KB (a decompression bomb), refused by its header', async () => {
    expect(bombs.huge.length).toBeLessThan(500_000);
    const reading = await reader.read(bombs.huge);
    expect(reading.problems).toEqual(['too_many_pixels']);
  });

  it('a header that claims 65000×65000 over a few bytes of data', async () => {
    expect(bombs.liar.length).toBeLessThan(1000);
    expect((await reader.read(bombs.liar)).problems).toEqual(['too_many_pixels']);
  });

  it('a QR code holding 3 KB of text', async () => {
    const text = `https://cx.mem.gov.cn/${'长'.repeat(10)}${'A'.repeat(2990)}`;
    const reading = await reader.read(await drawQr(text, 900));
    expect(reading.problems).toContain('qr_too_long');
    expect(reading.qr?.official).toBe(false);
    expect(reading.qr?.text).toHaveLength(settings.maxQrTextChars);
  });

  it('a QR code pointing to javascript:', async () => {
    const reading = await reader.read(await drawQr('javascript:alert("有效")', 300));
    expect(reading.qr).toMatchObject({ official: false, defanged: 'javascript[:]alert("有效")' });
    expect(reading.qr?.reason).toMatch(/javascript 链接/);
  });

  it('a picture without a QR code, with OCR off: both said', async () => {
    const blank = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#8a9' } })
      .jpeg()
      .toBuffer();
    expect((await reader.read(blank)).problems).toEqual(['no_qr', 'ocr_unavailable']);
  });

  it('a small, soft QR code found only by the 2× retry', async () => {
    const token = '45DE6E4A327FF78E1ACAD4DC0CF147AA';
    const sharpQr = await drawQr(`https://wxcx.mem.gov.cn/certsearch/cert/qrcode#${token}`, 320);
    const soft = sharp(sharpQr)
      .resize(80, 80)
      .blur(1)
      .extend({ top: 20, bottom: 20, left: 20, right: 20, background: '#fff' });
    const { data, info } = await soft.clone().ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const pixels = { data: new Uint8ClampedArray(data), width: info.width, height: info.height };
    expect(await decodeQr(pixels, 1)).toBeUndefined(); // one pass at the size sent finds nothing
    const reading = await reader.read(await soft.png().toBuffer());
    expect(reading.qr).toMatchObject({ official: true, token });
  });

  it('keeps resident memory bounded while bombs and oversized headers are refused again and again', async () => {
    await reader.read(bombs.large);
    const before = process.memoryUsage().rss;
    let peak = before;
    for (let round = 0; round < 3; round++)
      for (const bomb of [bombs.huge, bombs.liar, bombs.large]) {
        const reading = await reader.read(bomb);
        expect(reading.problems.length).toBeGreaterThan(0);
        peak = Math.max(peak, process.memoryUsage().rss);
      }
    // A 7000×7000 image decoded whole as RGBA would take 196 MB; shrunk on the way it stays far below.
    expect(peak - before).toBeLessThan(150 * 2 ** 20);
  }, 120_000);
});

describe('decodePhoto', () => {
  it('turns by the EXIF tag and bounds the long side', async () => {
    const wide = await sharp({ create: { width: 3000, height: 1000, channels: 3, background: '#fff' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const decoded = await decodePhoto(wide, { maxBytes: 10 ** 7, maxPixels: 10 ** 7, maxLongSide: 1500 });
    if (!decoded.ok) throw new Error(decoded.problem);
    expect(decoded.photo).toMatchObject({ width: 3000, height: 1000, rotated: 90 });
    expect([decoded.photo.image.width, decoded.photo.image.height]).toEqual([500, 1500]);
  });
});
