/**
 * Pictures that must not bring the bot down, built in memory: a PNG whose header claims a size it never holds,
 * a truncated JPEG, a photo of something else. (Node's zlib has the CRC-32 a PNG chunk needs.)
 */
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}

/** A greyscale PNG of `width` × `height` by its header, its data one row of zeros: a few hundred bytes. */
export function claimedSizePng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(width + 1), { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The first half of `picture` re-encoded as a JPEG: what a broken upload leaves. */
export async function truncatedJpeg(picture: Buffer): Promise<Buffer> {
  const jpeg = await sharp(picture).jpeg().toBuffer();
  return jpeg.subarray(0, Math.floor(jpeg.length / 2));
}

/** A photo with no certificate and no QR code on it: a plain landscape of colour bands. */
export async function somethingElse(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><rect width="800" height="300" fill="#7ab"/><rect y="300" width="800" height="300" fill="#6a4"/><circle cx="600" cy="120" r="60" fill="#fd5"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg().toBuffer();
}
