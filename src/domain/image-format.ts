/**
 * Whether a file's bytes are a picture, by their magic numbers (JPEG, PNG, WebP, GIF, BMP, HEIC): WeChat's
 * images often come named `xxx.jpg` whatever they are, or with no extension at all, so the name is not enough.
 */

/** The picture formats recognised by their first bytes. */
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'bmp' | 'heic';

/** The format the bytes start like, or undefined when they are no picture this knows. */
export function sniffImage(bytes: Uint8Array): ImageFormat | undefined {
  const at = (offset: number, ...values: number[]) => values.every((v, i) => bytes[offset + i] === v);
  const ascii = (offset: number, text: string) => at(offset, ...[...text].map((c) => c.charCodeAt(0)));
  if (at(0, 0xff, 0xd8, 0xff)) return 'jpeg';
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'webp';
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return 'gif';
  if (ascii(0, 'BM') && bytes.length > 26) return 'bmp';
  if (ascii(4, 'ftyp') && ['heic', 'heix', 'mif1', 'msf1', 'heif'].some((brand) => ascii(8, brand)))
    return 'heic';
  return undefined;
}
