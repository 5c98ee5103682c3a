/**
 * A zip's central directory can lie: an entry that says it unpacks to 1 KB may inflate to gigabytes, and the
 * workbook parser trusts what it inflates. So every entry is inflated here first, in the thread pool and never
 * past the size its directory declares (zlib `maxOutputLength`), and must come out exactly that size; the
 * declared sizes have already been held against the limit, so nothing here grows beyond it. An entry that
 * passed can then be unpacked for a look inside (an ODS's content.xml).
 */
import { promisify } from 'node:util';
import { inflateRaw } from 'node:zlib';
import { InputError } from '../../domain/errors.js';
import { assertNever } from '../../domain/status.js';
import type { ZipEntry } from './zip-directory.js';

const inflateRawAsync = promisify(inflateRaw);

const LOCAL_SIG = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

/** Why an entry was refused, for the message. */
type EntryProblem = 'unreadable' | 'larger' | 'method';

/**
 * Check that each entry's data really unpacks to its declared size. Throws InputError (Chinese) naming the
 * first entry that does not: a zip bomb in disguise, a corrupt file, or a compression Excel never uses.
 */
export async function checkZipEntries(bytes: Buffer, entries: readonly ZipEntry[]): Promise<void> {
  for (const entry of entries) {
    const problem = await entryProblem(bytes, entry);
    if (problem === undefined) continue;
    throw new InputError(problemText(entry, problem));
  }
}

/** The unpacked bytes of an entry that passed checkZipEntries. Throws InputError when it cannot be unpacked. */
export async function unpackEntry(bytes: Buffer, entry: ZipEntry): Promise<Buffer> {
  const data = entryData(bytes, entry);
  if (data && entry.method === STORED) return data;
  if (data && entry.method === DEFLATED) {
    try {
      return await inflateRawAsync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
    } catch {
      // reported below
    }
  }
  throw new InputError(problemText(entry, 'unreadable'));
}

async function entryProblem(bytes: Buffer, entry: ZipEntry): Promise<EntryProblem | undefined> {
  const data = entryData(bytes, entry);
  if (!data) return 'unreadable';
  switch (entry.method) {
    case STORED:
      return data.length === entry.uncompressedSize ? undefined : 'unreadable';
    case DEFLATED:
      return inflatedProblem(data, entry.uncompressedSize);
    default:
      return 'method';
  }
}

/** Inflate at most `declared` bytes: more means the directory lied, less or an error means a corrupt entry. */
async function inflatedProblem(data: Buffer, declared: number): Promise<EntryProblem | undefined> {
  try {
    const out = await inflateRawAsync(data, { maxOutputLength: Math.max(1, declared) });
    return out.length === declared ? undefined : 'unreadable';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? 'larger' : 'unreadable';
  }
}

/** The compressed bytes of an entry, found through its local file header; undefined when out of the file. */
function entryData(bytes: Buffer, entry: ZipEntry): Buffer | undefined {
  const p = entry.localOffset;
  if (p + 30 > bytes.length || bytes.readUInt32LE(p) !== LOCAL_SIG) return undefined;
  const start = p + 30 + bytes.readUInt16LE(p + 26) + bytes.readUInt16LE(p + 28);
  const end = start + entry.compressedSize;
  return end <= bytes.length ? bytes.subarray(start, end) : undefined;
}

function problemText(entry: ZipEntry, problem: EntryProblem): string {
  const what = `不是可读取的表格文件：压缩包中的「${entry.name.slice(0, 80)}」`;
  switch (problem) {
    case 'larger':
      return `${what}解压后比它声明的大小（${entry.uncompressedSize} 字节）更大，疑似压缩炸弹，已拒绝读取`;
    case 'unreadable':
      return `${what}已损坏，无法解压`;
    case 'method':
      return `${what}使用了 Excel 不会使用的压缩方式，请在 Excel 中重新保存后再发`;
    default:
      return assertNever(problem);
  }
}
