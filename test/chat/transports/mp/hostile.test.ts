/**
 * The service account's callback under attack, over real loopback HTTP: a forged plaintext message under a
 * captured signature in safe and compatible mode, the plaintext copy of a compatible-mode message altered, a
 * message replayed after a restart, an unsigned body, and a captured URL-verification GET replayed later.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createMpTransport,
  type MpMode,
  type MpTransport,
} from '../../../../src/chat/transports/mp/index.js';
import type { TransportHost } from '../../../../src/chat/transports/transport.js';
import type { ChatInput } from '../../../../src/chat/types.js';
import type { SqlDb } from '../../../../src/sql/db.js';
import { openStoreDb } from '../../../../src/store/sql/open-db.js';
import { mpCallbackDriver, textMessage } from '../../../fakes/mp-callback-driver.js';
import { PGLITE_START_MS } from '../../../helpers/databases.js';

const ACCOUNT = {
  appId: 'wxb11529c136998cb6',
  appSecret: 'fake-secret',
  token: 'hostiletest',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  host: '127.0.0.1',
  port: 0,
  path: '/wechat/mp',
  // Never called: the host below answers nothing, so no customer-service message is sent.
  apiBaseUrl: 'http://127.0.0.1:9',
};
const ADMIN = 'oAdmin_openid';
const USER = 'oUser_openid';
const clock = Date.UTC(2026, 10, 24, 2);

let dataDir: string;
let inputs: ChatInput[];
let db: SqlDb;
const host: TransportHost = {
  database: async () => db,
  async receive(input) {
    inputs.push(input);
    return [];
  },
};
const running: MpTransport[] = [];

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'mp-hostile-'));
  db = await openStoreDb(dataDir, { databaseUrl: '', schema: 'cert_verify' });
  inputs = [];
}, PGLITE_START_MS);
afterEach(async () => {
  for (const t of running.splice(0)) await t.stop();
  await db.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** The door with `mode` ('' = by the key), on the shared data directory, at `now`; and WeChat's side for it. */
async function door(mode: MpMode | '', now = () => clock, wechatMode: MpMode | '' = mode) {
  const transport = createMpTransport({ ...ACCOUNT, mode }, { now });
  await transport.start(host);
  running.push(transport);
  const url = `http://127.0.0.1:${transport.port}${ACCOUNT.path}`;
  return { transport, url, wx: mpCallbackDriver({ ...ACCOUNT, mode: wechatMode, url, now }) };
}

const texts = () => inputs.map((i) => (i.content.kind === 'text' ? `${i.sender.id}:${i.content.text}` : ''));

describe('forged messages', () => {
  it('safe mode (the default with a key): a plaintext POST under a right signature is refused', async () => {
    const { wx } = await door('');
    const forged = await wx.post(
      textMessage({ from: ADMIN, content: '台账 离职 110105198503120135', msgId: '1' }),
      {
        safe: false,
      },
    );
    expect(forged.status).toBe(401);
    expect((await wx.post(textMessage({ from: USER, content: '你好', msgId: '2' }))).status).toBe(200);
    expect(texts()).toEqual([`${USER}:你好`]);
  });

  it('compatible mode: only the decrypted message is read, a plaintext POST is refused', async () => {
    const { wx } = await door('compat');
    const real = textMessage({ from: USER, content: '张三', msgId: '3' });
    // The plaintext copy beside the ciphertext says something else: it is never read.
    const altered = textMessage({ from: ADMIN, content: '导出 问题清单', msgId: '3' });
    const response = await wx.post(real, { plainCopy: altered });
    expect(response.sent.body).toContain('导出 问题清单');
    expect(response.status).toBe(200);
    expect((await wx.post(altered, { safe: false })).status).toBe(401);
    expect(texts()).toEqual([`${USER}:张三`]);
  });

  it('plain mode set explicitly: plaintext taken, an encrypted message refused with 400', async () => {
    const { wx } = await door('plain');
    expect((await wx.post(textMessage({ from: USER, content: '甲', msgId: '4' }))).status).toBe(200);
    expect(
      (await wx.post(textMessage({ from: USER, content: '乙', msgId: '5' }), { safe: true })).status,
    ).toBe(400);
    expect(texts()).toEqual([`${USER}:甲`]);
  });
});

describe('replays after a restart', () => {
  it('a message taken before a restart is not taken again within its window', async () => {
    const first = await door('');
    const taken = await first.wx.post(textMessage({ from: ADMIN, content: '台账 提醒 关', msgId: '77' }));
    expect(taken.status).toBe(200);
    await first.transport.stop();

    const again = await door('');
    const replay = await fetch(taken.sent.url.replace(first.url, again.url), {
      method: 'POST',
      body: taken.sent.body,
    });
    expect([replay.status, await replay.text()]).toEqual([200, 'success']);
    expect(texts()).toEqual([`${ADMIN}:台账 提醒 关`]);
  });

  it('entries past their window are cleared when the door starts again', async () => {
    const first = await door('');
    await first.wx.post(textMessage({ from: USER, content: '甲', msgId: '88' }));
    await first.transport.stop();
    const keys = async () => (await db.query<{ key: string }>('select key from mp_seen')).map((r) => r.key);
    expect(await keys()).toContain('88');
    // Five minutes and a second past the request's timestamp: no replay of it could be accepted any more.
    const later = await door('', () => clock + 5 * 60_000 + 1000);
    await later.wx.post(textMessage({ from: USER, content: '乙', msgId: '89' }));
    expect(await keys()).not.toContain('88');
  });
});

/** POST `url` announcing `size` bytes, send only the first 64 KiB; the status of an answer that comes before the rest. */
function answerBeforeBody(url: string, size: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-length': size } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
    req.write(Buffer.alloc(64 * 1024, 97));
    setTimeout(() => reject(new Error('no answer before the body was sent')), 5000).unref();
  });
}

describe('before the signature', () => {
  it('an unsigned or plaintext request is answered before its body is read (a 1 MiB body never parsed)', async () => {
    const { wx, url } = await door('');
    const unsigned = `${url}?timestamp=${clock / 1000}&nonce=1&signature=${'0'.repeat(40)}&encrypt_type=aes&msg_signature=${'0'.repeat(40)}`;
    expect(await answerBeforeBody(unsigned, 1024 * 1024)).toBe(401);
    expect(await answerBeforeBody(wx.signedUrl(), 1024 * 1024)).toBe(401);
    expect(await answerBeforeBody(wx.signedUrl({ encrypt_type: 'aes' }), 1024 * 1024)).toBe(401);
    expect(inputs).toEqual([]);
  });

  it('the URL-verification GET checks its timestamp, and every answer says nosniff', async () => {
    const { wx } = await door('');
    const fresh = await wx.verify('<html>echo</html>');
    expect([fresh.status, fresh.body]).toEqual([200, '<html>echo</html>']);
    expect(fresh.headers.get('x-content-type-options')).toBe('nosniff');
    expect(fresh.headers.get('content-type')).toMatch(/^text\/plain/);
    const captured = await wx.verify('<html>echo</html>', { timestamp: String(clock / 1000 - 301) });
    expect(captured.status).toBe(401);
    expect(captured.body).not.toContain('echo');
    expect(captured.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
