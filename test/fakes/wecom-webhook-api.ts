/**
 * A fake of WeCom's group-robot webhook API on 127.0.0.1 (a real HTTP server, port 0), recording every call:
 *
 * - `POST /cgi-bin/webhook/send?key=KEY` with `{msgtype:'text'|'markdown'|'file', …}`;
 * - `POST /cgi-bin/webhook/upload_media?key=KEY&type=file`, multipart with the file in field `media`.
 *
 * As documented: an unknown key gets errcode 93000 (invalid webhook url); more than 20 messages from one key
 * in any 60 s (by the injectable `now`) get 45009 (api freq out of limit); a text over 2048 bytes or a
 * markdown over 4096 bytes is refused (40058), a file outside 5 B .. 20 MB too (40006), an unknown media_id
 * (40007). `tooFrequent(n, errcode?)` makes the next n calls answer "too frequent" (45009 unless told).
 *
 *   const fake = await startWecomWebhookApi({ keys: ['k1'], now: () => clock });
 *   … fake.url, fake.calls, fake.messages(), fake.tooFrequent(2) …
 *   await fake.close();
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookCall {
  path: string;
  key: string | null;
  /** When it arrived, by the fake's clock. */
  at: number;
  /** The JSON body of a send. */
  body?: Record<string, unknown>;
  /** The file of an upload. */
  file?: { name: string; data: Buffer };
  /** What the fake answered. */
  answer: Record<string, unknown>;
}

export interface FakeWecomWebhookApi {
  url: string;
  calls: WebhookCall[];
  /** The sends it accepted, in order (their bodies). */
  messages(): Record<string, unknown>[];
  /** Answer the next `times` calls with a "too frequent" errcode. */
  tooFrequent(times: number, errcode?: number): void;
  close(): Promise<void>;
}

const WINDOW_MS = 60_000;
const PER_WINDOW = 20;

export async function startWecomWebhookApi(
  options: { keys?: string[]; now?: () => number } = {},
): Promise<FakeWecomWebhookApi> {
  const keys = new Set(options.keys ?? ['test-key']);
  const now = options.now ?? Date.now;
  const calls: WebhookCall[] = [];
  const accepted = new Map<string, number[]>();
  const media = new Set<string>();
  let frequentLeft = 0;
  let frequentCode = 45009;

  const answerFor = (path: string, key: string | null, req: URL, raw: Buffer, type: string) => {
    if (key === null || !keys.has(key)) {
      return { errcode: 93000, errmsg: 'invalid webhook url, hint: [fake]' };
    }
    if (frequentLeft > 0) {
      frequentLeft--;
      return { errcode: frequentCode, errmsg: 'api freq out of limit' };
    }
    if (path === '/cgi-bin/webhook/upload_media') {
      if (req.searchParams.get('type') !== 'file') return { errcode: 40005, errmsg: 'invalid media type' };
      const file = mediaPart(raw, type);
      if (!file) return { errcode: 41005, errmsg: 'media data missing' };
      if (file.data.length < 5 || file.data.length > 20 * 1024 * 1024) {
        return { errcode: 40006, errmsg: 'invalid file size', file };
      }
      const id = `media-${media.size + 1}`;
      media.add(id);
      return {
        errcode: 0,
        errmsg: 'ok',
        type: 'file',
        media_id: id,
        created_at: String(Math.floor(now() / 1000)),
        file,
      };
    }
    const times = (accepted.get(key) ?? []).filter((t) => t > now() - WINDOW_MS);
    accepted.set(key, times);
    if (times.length >= PER_WINDOW) return { errcode: 45009, errmsg: 'api freq out of limit' };
    const body = JSON.parse(raw.toString('utf8')) as SendBody;
    const problem = messageProblem(body, media);
    if (problem) return problem;
    times.push(now());
    return { errcode: 0, errmsg: 'ok' };
  };

  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fake');
    const key = url.searchParams.get('key');
    const call: WebhookCall = { path: url.pathname, key, at: now(), answer: {} };
    let answer: Record<string, unknown>;
    if (
      req.method !== 'POST' ||
      !['/cgi-bin/webhook/send', '/cgi-bin/webhook/upload_media'].includes(url.pathname)
    ) {
      res.writeHead(404).end();
      calls.push(call);
      return;
    }
    try {
      answer = answerFor(url.pathname, key, url, raw, req.headers['content-type'] ?? '');
    } catch {
      answer = { errcode: 40000, errmsg: 'invalid json' };
    }
    const { file, ...shown } = answer as Record<string, unknown> & { file?: WebhookCall['file'] };
    if (url.pathname === '/cgi-bin/webhook/send') {
      try {
        call.body = JSON.parse(raw.toString('utf8'));
      } catch {
        // recorded without a body
      }
    }
    if (file) call.file = file;
    call.answer = shown;
    calls.push(call);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(shown));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    messages: () =>
      calls
        .filter((c) => c.path === '/cgi-bin/webhook/send' && c.answer.errcode === 0)
        .map((c) => c.body as Record<string, unknown>),
    tooFrequent(times, errcode = 45009) {
      frequentLeft = times;
      frequentCode = errcode;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A send's body, as far as the fake checks it. */
interface SendBody {
  msgtype?: string;
  text?: { content?: unknown };
  markdown?: { content?: unknown };
  file?: { media_id?: unknown };
}

/** Why WeCom would refuse this message (empty, over its byte limit, unknown media_id), or nothing. */
function messageProblem(body: SendBody, media: Set<string>): Record<string, unknown> | undefined {
  const limit = { text: 2048, markdown: 4096 }[body.msgtype as 'text' | 'markdown'];
  if (limit !== undefined) {
    const content = body.msgtype === 'text' ? body.text?.content : body.markdown?.content;
    if (typeof content !== 'string' || content === '') return { errcode: 44004, errmsg: 'empty content' };
    if (Buffer.byteLength(content, 'utf8') > limit) {
      return { errcode: 40058, errmsg: `content exceed max length ${limit}` };
    }
    return undefined;
  }
  if (body.msgtype === 'file') {
    return media.has(String(body.file?.media_id))
      ? undefined
      : { errcode: 40007, errmsg: 'invalid media_id' };
  }
  return { errcode: 40008, errmsg: 'invalid message type' };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The `media` part of a multipart body: its file name and bytes. */
function mediaPart(raw: Buffer, contentType: string): { name: string; data: Buffer } | undefined {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) return undefined;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let start = raw.indexOf(delimiter);
  while (start >= 0) {
    const next = raw.indexOf(delimiter, start + delimiter.length);
    if (next < 0) return undefined;
    const part = raw.subarray(start + delimiter.length + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, headerEnd).toString('utf8');
    if (/name="media"/.test(headers)) {
      const name = /filename="([^"]*)"/.exec(headers)?.[1] ?? '';
      return { name, data: Buffer.from(part.subarray(headerEnd + 4)) };
    }
    start = next;
  }
  return undefined;
}
