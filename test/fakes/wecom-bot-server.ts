/**
 * A fake of WeCom's side of the intelligent robot's long connection, for the real `@wecom/aibot-node-sdk` to
 * connect to through `wsUrl`. Frames as the SDK (1.0.7, dist/index.esm.js) sends and expects them:
 * - the bot sends `{ cmd, headers: { req_id }, body }`; WeCom answers with `{ headers: { req_id }, errcode,
 *   errmsg, body? }` (no cmd) on the same req_id;
 * - `aibot_subscribe` `{ bot_id, secret }`: errcode 0, or non-zero (here 40001 "invalid credential") after which
 *   the SDK closes and counts an auth failure;
 * - `ping`: errcode 0; `aibot_respond_msg`, `aibot_send_msg`: errcode 0 (a req_id marked expired gets 846608);
 * - `aibot_upload_media_init` → `body.upload_id`; `aibot_upload_media_chunk` `{ upload_id, chunk_index,
 *   base64_data }`; `aibot_upload_media_finish` → `body.{ type, media_id, created_at }`;
 * - WeCom pushes `{ cmd: 'aibot_msg_callback', headers: { req_id }, body: { msgid, aibotid, chatid?, chattype,
 *   from: { userid }, msgtype, … } }`.
 * Files are served over HTTP encrypted as the SDK's `decryptFile` expects: AES-256-CBC, key = the base64
 * `aeskey`, IV = its first 16 bytes, PKCS#7 padding to a multiple of 32 bytes; the name in Content-Disposition.
 *
 * start → { url, calls, … , close }: `calls` holds every frame the bot sent, in order.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, WebSocket as WsSocket } from 'ws';

/** A frame as it travels. */
export interface BotFrame {
  cmd?: string;
  headers: { req_id: string };
  // biome-ignore lint/suspicious/noExplicitAny: frames are free JSON, read by each test as it needs
  body?: any;
  errcode?: number;
  errmsg?: string;
}

/** Who writes a pushed message and where. */
export interface MessageFrom {
  userid: string;
  /** A group chat's id; absent = single chat. */
  chatid?: string;
  msgid?: string;
}

export interface WecomBotServer {
  /** `ws://127.0.0.1:PORT` for the SDK's `wsUrl`. */
  url: string;
  /** Every frame the bot sent (auth, pings, replies, proactive sends, upload steps). */
  calls: BotFrame[];
  /** Authentications refused so far. */
  authFailures: number;
  /** The most connections open at once so far (WeCom keeps one per robot). */
  maxLive: number;
  /** Every connection so far, in order: when it opened and, once it has, when it closed (epoch ms). */
  connections: Array<{ openedAt: number; closedAt?: number }>;
  /** Resolves with the next frame of `cmd` the bot sends (or one already received and not yet taken). */
  next(cmd: string): Promise<BotFrame>;
  /** Resolves once `count` authentications in all have succeeded. */
  authenticated(count?: number): Promise<void>;
  /** Push a callback body; returns its req_id. */
  push(body: Record<string, unknown>): string;
  text(from: MessageFrom, content: string): string;
  image(from: MessageFrom, bytes: Buffer): string;
  file(from: MessageFrom, bytes: Buffer, name: string): string;
  mixed(from: MessageFrom, items: Array<{ text: string } | { image: Buffer }>): string;
  /** The bytes of an uploaded media_id, chunks joined in order. */
  media(mediaId: string): Buffer;
  /** The file name an uploaded media_id was given at `aibot_upload_media_init`. */
  mediaName(mediaId: string): string | undefined;
  /** Answer replies on this req_id with 846608 (stream message update expired). */
  expire(reqId: string): void;
  /** Cut the connection as a network failure would (the SDK reconnects). */
  dropConnection(): void;
  close(): Promise<void>;
}

export async function startWecomBotServer(options: {
  botId: string;
  secret: string;
  /** Listen on this port (e.g. WeCom coming back where it was); default a free one. */
  port?: number;
}): Promise<WecomBotServer> {
  const calls: BotFrame[] = [];
  const waiting: Array<{ cmd: string; resolve: (frame: BotFrame) => void }> = [];
  const taken = new Set<BotFrame>();
  const authWaiters: Array<{ count: number; resolve: () => void }> = [];
  const downloads = new Map<string, { body: Buffer; name: string }>();
  const uploads = new Map<string, { chunks: Buffer[]; name?: string; mediaId?: string }>();
  const expired = new Set<string>();
  let authOk = 0;
  let sequence = 0;
  let socket: WsSocket | undefined;

  const http = createServer((request, response) => {
    const file = downloads.get(request.url ?? '');
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    });
    response.end(file.body);
  });
  await new Promise<void>((resolve) => http.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  const wss = new WebSocketServer({ server: http });

  const send = (frame: BotFrame): void => {
    if (socket?.readyState === WsSocket.OPEN) socket.send(JSON.stringify(frame));
  };
  const ack = (frame: BotFrame, errcode = 0, body?: unknown): void =>
    send({
      headers: { req_id: frame.headers.req_id },
      errcode,
      errmsg: errcode === 0 ? 'ok' : 'error',
      body,
    });

  const record = (frame: BotFrame): void => {
    calls.push(frame);
    const index = waiting.findIndex((w) => w.cmd === frame.cmd);
    if (index >= 0) {
      taken.add(frame);
      waiting.splice(index, 1)[0]?.resolve(frame);
    }
  };

  const answer = (frame: BotFrame): void => {
    switch (frame.cmd) {
      case 'aibot_subscribe': {
        const ok = frame.body?.bot_id === options.botId && frame.body?.secret === options.secret;
        if (!ok) {
          server.authFailures += 1;
          send({ headers: { req_id: frame.headers.req_id }, errcode: 40001, errmsg: 'invalid credential' });
          return;
        }
        authOk += 1;
        ack(frame);
        for (const waiter of authWaiters.splice(0)) {
          if (waiter.count <= authOk) waiter.resolve();
          else authWaiters.push(waiter);
        }
        return;
      }
      case 'aibot_respond_msg':
        ack(frame, expired.has(frame.headers.req_id) ? 846608 : 0);
        return;
      case 'aibot_upload_media_init': {
        const uploadId = `upload-${++sequence}`;
        uploads.set(uploadId, { chunks: [], name: frame.body?.filename });
        ack(frame, 0, { upload_id: uploadId });
        return;
      }
      case 'aibot_upload_media_chunk': {
        const upload = uploads.get(frame.body?.upload_id);
        if (!upload) {
          ack(frame, 40004);
          return;
        }
        upload.chunks[frame.body.chunk_index] = Buffer.from(frame.body.base64_data, 'base64');
        ack(frame);
        return;
      }
      case 'aibot_upload_media_finish': {
        const upload = uploads.get(frame.body?.upload_id);
        if (!upload) {
          ack(frame, 40004);
          return;
        }
        upload.mediaId = `media-${++sequence}`;
        ack(frame, 0, { type: 'file', media_id: upload.mediaId, created_at: String(Date.now()) });
        return;
      }
      default:
        ack(frame);
    }
  };

  wss.on('connection', (ws) => {
    socket = ws;
    const connection: { openedAt: number; closedAt?: number } = { openedAt: Date.now() };
    server.connections.push(connection);
    ws.once('close', () => {
      connection.closedAt = Date.now();
    });
    server.maxLive = Math.max(
      server.maxLive,
      [...wss.clients].filter((c) => c.readyState === WsSocket.OPEN).length,
    );
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as BotFrame;
      record(frame);
      answer(frame);
    });
  });

  const serve = (bytes: Buffer, name: string): { url: string; aeskey: string } => {
    const key = randomBytes(32);
    const padLength = 32 - (bytes.length % 32);
    const padded = Buffer.concat([bytes, Buffer.alloc(padLength, padLength)]);
    const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
    const path = `/download/${++sequence}`;
    downloads.set(path, { body: Buffer.concat([cipher.update(padded), cipher.final()]), name });
    return { url: `http://127.0.0.1:${port}${path}`, aeskey: key.toString('base64') };
  };

  const base = (from: MessageFrom, msgtype: string): Record<string, unknown> => ({
    msgid: from.msgid ?? `msg-${++sequence}`,
    aibotid: options.botId,
    ...(from.chatid ? { chatid: from.chatid } : {}),
    chattype: from.chatid ? 'group' : 'single',
    from: { userid: from.userid },
    create_time: 1767225600,
    msgtype,
  });

  const server: WecomBotServer = {
    url: `ws://127.0.0.1:${port}`,
    calls,
    authFailures: 0,
    maxLive: 0,
    connections: [],
    next(cmd) {
      const ready = calls.find((frame) => frame.cmd === cmd && !taken.has(frame));
      if (ready) {
        taken.add(ready);
        return Promise.resolve(ready);
      }
      return new Promise((resolve) => waiting.push({ cmd, resolve }));
    },
    authenticated(count = 1) {
      if (authOk >= count) return Promise.resolve();
      return new Promise((resolve) => authWaiters.push({ count, resolve }));
    },
    push(body) {
      const reqId = `callback_${++sequence}`;
      send({ cmd: 'aibot_msg_callback', headers: { req_id: reqId }, body });
      return reqId;
    },
    text(from, content) {
      return server.push({ ...base(from, 'text'), text: { content } });
    },
    image(from, bytes) {
      return server.push({ ...base(from, 'image'), image: serve(bytes, 'image.jpg') });
    },
    file(from, bytes, name) {
      return server.push({ ...base(from, 'file'), file: serve(bytes, name) });
    },
    mixed(from, items) {
      const msgItem = items.map((item) =>
        'text' in item
          ? { msgtype: 'text', text: { content: item.text } }
          : { msgtype: 'image', image: serve(item.image, 'image.jpg') },
      );
      return server.push({ ...base(from, 'mixed'), mixed: { msg_item: msgItem } });
    },
    media(mediaId) {
      const upload = [...uploads.values()].find((u) => u.mediaId === mediaId);
      if (!upload) throw new Error(`no media ${mediaId}`);
      return Buffer.concat(upload.chunks);
    },
    mediaName(mediaId) {
      return [...uploads.values()].find((u) => u.mediaId === mediaId)?.name;
    },
    expire(reqId) {
      expired.add(reqId);
    },
    dropConnection() {
      socket?.terminate();
      socket = undefined;
    },
    close() {
      for (const client of wss.clients) client.terminate();
      return new Promise((resolve) => wss.close(() => http.close(() => resolve())));
    },
  };
  return server;
}
