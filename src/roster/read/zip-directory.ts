/**
 * Reads the central directory of a zip file (an xlsx is one) straight from the buffer, without inflating
 * anything, so a zip bomb can be refused by the sizes it declares before any parser touches it (and each entry
 * found again for zip-entries-check.ts, which makes sure the declared sizes are not lies).
 */

/** One file listed in a zip's central directory. */
export interface ZipEntry {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  /** Compression method: 0 stored, 8 deflate. */
  method: number;
  /** Where the entry's local file header starts. */
  localOffset: number;
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const MAX16 = 0xffff;
const MAX32 = 0xffffffff;

/** Whether the bytes start like a zip file (local file header `PK\x03\x04`, or an empty zip). */
export function looksLikeZip(bytes: Buffer): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);
}

/** The entries of a zip's central directory; `undefined` when the bytes are not a readable zip. */
export function readZipDirectory(bytes: Buffer): ZipEntry[] | undefined {
  const eocd = findEndOfDirectory(bytes);
  if (eocd < 0) return undefined;
  let count = bytes.readUInt16LE(eocd + 10);
  let offset = bytes.readUInt32LE(eocd + 16);
  if (count === MAX16 || offset === MAX32) {
    const zip64 = readZip64End(bytes, eocd);
    if (!zip64) return undefined;
    ({ count, offset } = zip64);
  }
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== CENTRAL_SIG) return undefined;
    const nameLength = bytes.readUInt16LE(p + 28);
    const extraLength = bytes.readUInt16LE(p + 30);
    const commentLength = bytes.readUInt16LE(p + 32);
    const end = p + 46 + nameLength + extraLength + commentLength;
    if (end > bytes.length) return undefined;
    const entry: ZipEntry = {
      name: bytes.toString('utf8', p + 46, p + 46 + nameLength),
      compressedSize: bytes.readUInt32LE(p + 20),
      uncompressedSize: bytes.readUInt32LE(p + 24),
      method: bytes.readUInt16LE(p + 10),
      localOffset: bytes.readUInt32LE(p + 42),
    };
    applyZip64Extra(entry, bytes.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength));
    entries.push(entry);
    p = end;
  }
  return entries;
}

function findEndOfDirectory(bytes: Buffer): number {
  const stop = Math.max(0, bytes.length - 22 - MAX16);
  for (let p = bytes.length - 22; p >= stop; p--) {
    if (bytes.readUInt32LE(p) === EOCD_SIG) return p;
  }
  return -1;
}

function readZip64End(bytes: Buffer, eocd: number): { count: number; offset: number } | undefined {
  const locator = eocd - 20;
  if (locator < 0 || bytes.readUInt32LE(locator) !== ZIP64_LOCATOR_SIG) return undefined;
  const record = Number(bytes.readBigUInt64LE(locator + 8));
  if (record + 56 > bytes.length || bytes.readUInt32LE(record) !== ZIP64_EOCD_SIG) return undefined;
  return {
    count: Number(bytes.readBigUInt64LE(record + 32)),
    offset: Number(bytes.readBigUInt64LE(record + 48)),
  };
}

/** Zip64 keeps the real sizes and offset in extra field 0x0001, in this order, for the fields holding 0xFFFFFFFF. */
function applyZip64Extra(entry: ZipEntry, extra: Buffer): void {
  const wide = (['uncompressedSize', 'compressedSize', 'localOffset'] as const).filter(
    (k) => entry[k] === MAX32,
  );
  if (wide.length === 0) return;
  for (let p = 0; p + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(p);
    const size = extra.readUInt16LE(p + 2);
    if (id === 0x0001) {
      let q = p + 4;
      for (const key of wide) {
        if (q + 8 > p + 4 + size || q + 8 > extra.length) return;
        entry[key] = Number(extra.readBigUInt64LE(q));
        q += 8;
      }
      return;
    }
    p += 4 + size;
  }
}
