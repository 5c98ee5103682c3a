/**
 * Decodes the bytes of a text file (a csv roster) by its detected charset, never an assumed one:
 * a BOM first, then UTF-16 by its zero bytes, then a strict UTF-8 check, then GB18030 (a superset of GBK).
 */
import iconv from 'iconv-lite';

/** The charsets a roster text file is read in. */
export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be' | 'gb18030';

/** Decoded text and the charset it was read in; `undefined` when the bytes are not text at all. */
export function decodeText(bytes: Buffer): { text: string; encoding: TextEncoding } | undefined {
  const encoding = detectEncoding(bytes);
  if (!encoding) return undefined;
  const text = iconv.decode(bytes, encoding, { stripBOM: true });
  return looksLikeText(text) ? { text, encoding } : undefined;
}

/** The charset of `bytes`, or `undefined` for binary data. */
export function detectEncoding(bytes: Buffer): TextEncoding | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf16be';
  const utf16 = detectUtf16WithoutBom(bytes);
  if (utf16) return utf16;
  if (bytes.includes(0)) return undefined;
  if (isValidUtf8(bytes)) return 'utf8';
  return 'gb18030';
}

/**
 * UTF-16 text without a BOM: ASCII characters (digits, commas, newlines: most of a roster) leave a zero byte
 * on one side of every pair. Chinese characters rarely do, so a clear majority on one side decides.
 */
function detectUtf16WithoutBom(bytes: Buffer): TextEncoding | undefined {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.3 && evenZeros < pairs * 0.05) return 'utf16le';
  if (evenZeros > pairs * 0.3 && oddZeros < pairs * 0.05) return 'utf16be';
  return undefined;
}

/** Control characters a short text may carry before it counts as binary. */
const STRAY_CONTROLS = 4;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function isValidUtf8(bytes: Buffer): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Text has few control characters besides tab, CR and LF (a stray one copied in from another system is
 * allowed even in a short file); decoded binary is full of them.
 */
function looksLikeText(text: string): boolean {
  const sample = text.slice(0, 8192);
  if (sample.includes('\uFFFD'.repeat(2))) return false;
  let control = 0;
  for (const ch of sample) {
    const c = ch.charCodeAt(0);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f || c === 0xfffd) control++;
  }
  return control <= Math.max(STRAY_CONTROLS, sample.length * 0.01);
}
