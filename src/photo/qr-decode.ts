/**
 * QR codes decoded offline with zxing-wasm. The package fetches its WebAssembly file from a CDN unless told
 * otherwise, so the module is given the bytes of the `.wasm` file it ships in node_modules. When a first pass
 * finds nothing, the image is read once more at twice the size (small codes in a photo often need it).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { prepareZXingModule, type ReaderOptions, readBarcodes } from 'zxing-wasm/reader';
import type { RgbaImage } from './image.js';
import { transformed } from './image.js';

/** A decoded code: its text and the turn (degrees clockwise) at which zxing found it upright. */
export interface QrFound {
  text: string;
  orientation: number;
}

const OPTIONS: ReaderOptions = { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 1 };

let prepared: Promise<unknown> | undefined;

/** Load the module once, from the local `.wasm` file. */
function prepare(): Promise<unknown> {
  prepared ??= (async () => {
    const path = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
    const bytes = await readFile(path);
    const wasmBinary = bytes.buffer.slice(
      bytes.byteOffset,
      bytes.byteOffset + bytes.byteLength,
    ) as ArrayBuffer;
    return prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true });
  })();
  return prepared;
}

async function readOnce(image: RgbaImage): Promise<QrFound | undefined> {
  const [found] = await readBarcodes(image as Parameters<typeof readBarcodes>[0], OPTIONS);
  return found?.isValid ? { text: found.text, orientation: found.orientation } : undefined;
}

/** The first QR code in `image`, trying once more at 2× when the first pass finds none. */
export async function decodeQr(image: RgbaImage, maxUpscaledSide: number): Promise<QrFound | undefined> {
  await prepare();
  const found = await readOnce(image);
  if (found) return found;
  const scale = Math.min(2, maxUpscaledSide / Math.max(image.width, image.height));
  if (scale <= 1.05) return undefined;
  return readOnce(await transformed(image, { scale }));
}
