/**
 * JSON in and out of the bureau's server: an error with its HTTP status and a Chinese message, reading a JSON body
 * with its content type and size checked before any parsing (415, 413), and writing a JSON answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A refusal with its status; `message` is Chinese and safe to show the caller. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Extra fields of the JSON answer (e.g. the problems of a bad lead). */
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Send `body` as JSON with `status`. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

/** Read the request's body, at most `maxBytes` (413 beyond: by Content-Length before reading, or while reading). */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const tooLarge = () => new HttpError(413, `请求内容超过 ${Math.floor(maxBytes / 1024)} KB 的上限`);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The request's JSON body: 415 unless `application/json`, 413 beyond `maxBytes`, 400 when it does not parse. */
export async function readJson(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError(415, '请求内容应为 JSON（Content-Type: application/json）');
  }
  const body = await readBody(req, maxBytes);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, '请求内容不是有效的 JSON');
  }
}
