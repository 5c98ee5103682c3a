/**
 * Bytes to text by the declared or detected charset (DESIGN habit 8): the Content-Type header, then a BOM,
 * then an HTML `<meta charset>` in the first bytes; UTF-8 otherwise. A GBK error page decodes as GBK.
 */
import iconv from 'iconv-lite';

const HEADER_CHARSET = /charset\s*=\s*["']?([\w.:-]+)/i;
const META_CHARSET = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i;

/** The charset a body declares (lower-case), or undefined when it declares none. */
export function declaredCharset(body: Buffer, contentType: string | undefined): string | undefined {
  const fromHeader = contentType ? HEADER_CHARSET.exec(contentType)?.[1] : undefined;
  if (fromHeader) return fromHeader.toLowerCase();
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  const head = body.subarray(0, 2048).toString('latin1');
  return META_CHARSET.exec(head)?.[1]?.toLowerCase();
}

/** Decode a body; an unknown charset falls back to UTF-8 rather than failing. */
export function decodeBody(body: Buffer | string, contentType: string | undefined): string {
  if (typeof body === 'string') return body;
  const charset = declaredCharset(body, contentType) ?? 'utf-8';
  const text = iconv.encodingExists(charset) ? iconv.decode(body, charset) : body.toString('utf8');
  return text.replace(/^\uFEFF/, '');
}
