/**
 * Decodes a photo within fixed bounds, so a hostile file cannot take the process's memory: the byte count is
 * checked before anything is parsed, the header's width × height before a pixel is decoded (and sharp's
 * `limitInputPixels` enforces the same during the decode), only still raster formats are read, and the result is
 * turned upright by its EXIF orientation and shrunk to a bounded long side. Every failure is a `PhotoProblem`.
 */
import sharp, { type Metadata } from 'sharp';
import type { PhotoProblem } from './types.js';

/** The bounds of one decode (`photo.maxBytes`, `photo.maxPixels`, `photo.maxLongSide`). */
export interface ImageLimits {
  maxBytes: number;
  maxPixels: number;
  maxLongSide: number;
}

/** An upright image as RGBA pixels. */
export interface RgbaImage {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** A decoded photo: its pixels, the size as sent and the EXIF turn applied. */
export interface DecodedPhoto {
  image: RgbaImage;
  /** Width and height of the file as sent (before the EXIF turn and the bound on the long side). */
  width: number;
  height: number;
  /** Degrees the EXIF orientation turned the image (0, 90, 180, 270). */
  rotated: number;
}

/** Formats a photo may come in; others (SVG, PDF, raw camera files…) are not read. */
const READABLE = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff', 'heif', 'avif', 'bmp']);

/** Degrees turned by EXIF orientations 1–8 (the mirrored ones turn as their unmirrored twins). */
const EXIF_TURN: Record<number, number> = { 3: 180, 4: 180, 5: 90, 6: 90, 7: 270, 8: 270 };

// Decoded images are not kept between photos, and one decode at a time holds its own memory.
sharp.cache(false);

/** Decode `bytes` within `limits`, or say why not. */
export async function decodePhoto(
  bytes: Buffer,
  limits: ImageLimits,
): Promise<{ ok: true; photo: DecodedPhoto } | { ok: false; problem: PhotoProblem }> {
  if (bytes.length > limits.maxBytes) return { ok: false, problem: 'too_many_bytes' };
  const options = { limitInputPixels: limits.maxPixels, failOn: 'truncated', pages: 1 } as const;
  let meta: Metadata;
  try {
    // The header only: its size is checked here, against the same limit the decode enforces.
    meta = await sharp(bytes, { ...options, limitInputPixels: false }).metadata();
  } catch {
    return { ok: false, problem: 'not_image' };
  }
  if (!meta.format || !READABLE.has(meta.format) || !meta.width || !meta.height)
    return { ok: false, problem: 'not_image' };
  if (meta.width * meta.height > limits.maxPixels) return { ok: false, problem: 'too_many_pixels' };
  try {
    const { data, info } = await sharp(bytes, options)
      .rotate()
      .resize({
        width: limits.maxLongSide,
        height: limits.maxLongSide,
        fit: 'inside',
        withoutEnlargement: true,
      })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return {
      ok: true,
      photo: {
        image: {
          data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength),
          width: info.width,
          height: info.height,
        },
        width: meta.width,
        height: meta.height,
        rotated: EXIF_TURN[meta.orientation ?? 1] ?? 0,
      },
    };
  } catch (error) {
    return { ok: false, problem: /pixel limit/i.test(String(error)) ? 'too_many_pixels' : 'truncated' };
  }
}

/** `image` turned clockwise by `degrees` (90, 180, 270) or scaled by `scale`, as RGBA again. */
export async function transformed(
  image: RgbaImage,
  change: { turn?: number; scale?: number },
): Promise<RgbaImage> {
  let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } });
  if (change.turn) pipeline = pipeline.rotate(change.turn);
  if (change.scale)
    pipeline = pipeline.resize({
      width: Math.round(image.width * change.scale),
      height: Math.round(image.height * change.scale),
    });
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
  };
}

/** `image` as a PNG (fast compression), for engines that take an encoded file. */
export async function pngOf(image: RgbaImage): Promise<Buffer> {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } })
    .png({ compressionLevel: 1 })
    .toBuffer();
}
