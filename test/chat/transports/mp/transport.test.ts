import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MP_UNSUPPORTED_TEXT, MP_WELCOME_TEXT, mpNoFilesText } from '../../../../src/chat/core/replies.js';
import { createMpTransport, type MpTransport } from '../../../../src/chat/transports/mp/index.js';
import type { TransportHost } from '../../../../src/chat/transports/transport.js';
import { type ChatInput, type ChatReply, replyAddress, textReply } from '../../../../src/chat/types.js';
import type { SqlDb } from '../../../../src/sql/db.js';
import { openStoreDb } from '../../../../src/store/sql/open-db.js';
import { messageXml, mpCallbackDriver, textMessage } from '../../../fakes/mp-callback-driver.js';
import { type FakeMpApi, startFakeMpApi } from '../../../fakes/wechat-mp-api.js';
import { PGLITE_START_MS } from '../../../helpers/databases.js';

const CONFIG = {
  appId: 'wxb11529c136998cb6',
  appSecret: 'fake-secret',
  token: 'pamtest',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  mode: '' as const,
  host: '127.0.0.1',
  port: 0,
  path: '/wechat/mp',
};
const USER = 'oUser_openid_1';

/** A host that records what it gets and answers with `answer(input)` (its replies taken for the passive reply). */
class FakeHost implements TransportHost {
  inputs: ChatInput[] = [];
  budgets: (number | undefined)[] = [];
  answer: (input: ChatInput) => Promise<ChatReply[]> = async (input) => [
    textReply(
      replyAddress(input),
      `收到：${input.content.kind === 'text' ? input.content.text : input.content.file.name}`,
    ),
  ];
  constructor(readonly db: SqlDb) {}
  database = async () => this.db;
  async receive(input: ChatInput, options?: { firstReplyWithinMs?: number }): Promise<ChatReply[]> {
    this.inputs.push(input);
    this.budgets.push(options?.firstReplyWithinMs);
    return this.answer(input);
  }
}

let api: FakeMpApi;
let transport: MpTransport;
let host: FakeHost;
let driver: ReturnType<typeof mpCallbackDriver>;
let endpoint: string;
let dataDir: string;
let db: SqlDb;
const clock = Date.UTC(2026, 0, 5, 8);
const now = () => clock;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'mp-transport-'));
  api = await startFakeMpApi({ appId: CONFIG.appId, appSecret: CONFIG.appSecret, now });
  api.userWrote(USER, clock);
  transport = createMpTransport({ ...CONFIG, apiBaseUrl: api.url }, { now });
  db = await openStoreDb(dataDir, { databaseUrl: '', schema: 'cert_verify' });
  host = new FakeHost(db);
  await transport.start(host);
  endpoint = `http://127.0.0.1:${transport.port}${CONFIG.path}`;
  driver = mpCallbackDriver({
    url: endpoint,
    token: CONFIG.token,
    appId: CONFIG.appId,
    encodingAesKey: CONFIG.encodingAesKey,
    wait: async () => {},
    now,
  });
}, PGLITE_START_MS);
afterEach(async () => {
  await transport.stop();
  await api.close();
  await db.close();
  await rm(dataDir, { recursive: true, force: true });
});

const sends = () => api.calls.filter((c) => c.path === '/cgi-bin/message/custom/send');

describe('service account callback', () => {
  it('URL verification echoes echostr when the signature is right, 401 otherwise', async () => {
    expect(await driver.verify('1616140317555161061')).toMatchObject({
      status: 200,
      body: '1616140317555161061',
    });
    expect((await driver.verify('1616140317555161061', { badSignature: true })).status).toBe(401);
  });

  it('a wrong signature or msg_signature gets 401 and nothing is processed', async () => {
    const xml = textMessage({ from: USER, content: '张三', msgId: '1' });
    expect((await driver.post(xml, { badSignature: true })).status).toBe(401);
    const signed = driver.signedUrl({ encrypt_type: 'aes', msg_signature: '0'.repeat(40) });
    const envelope = (await driver.post(xml)).sent.body;
    expect((await fetch(signed, { method: 'POST', body: envelope })).status).toBe(401);
    expect(host.inputs).toHaveLength(1);
  });

  it('refuses a timestamp more than 5 minutes away (a replayed request)', async () => {
    const old = String(Math.floor(clock / 1000) - 301);
    const response = await driver.post(textMessage({ from: USER, content: '张三', msgId: '2' }), {
      timestamp: old,
    });
    expect(response.status).toBe(401);
    expect(host.inputs).toEqual([]);
  });

  it('refuses a body over 1 MiB with 413, declared or streamed, without processing it', async () => {
    const big = await fetch(`${endpoint}?timestamp=1&nonce=1&signature=x`, {
      method: 'POST',
      body: 'a'.repeat(1024 * 1024 + 1),
    });
    expect(big.status).toBe(413);
    // Signed as WeChat signs the request line, so that the body is read: its length is found out as it streams.
    const url = driver.signedUrl({ encrypt_type: 'aes', msg_signature: '0'.repeat(40) });
    const streamed = await new Promise<number>((resolve, reject) => {
      const req = request(url, { method: 'POST' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 3; i++) req.write(Buffer.alloc(512 * 1024, 97));
      req.end();
    });
    expect(streamed).toBe(413);
    expect(host.inputs).toEqual([]);
  });

  it('refuses XML with a DOCTYPE even when signed', async () => {
    const xxe = `<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]>${textMessage({ from: USER, content: '&x;', msgId: '3' })}`;
    expect((await driver.post(xxe)).status).toBe(400);
    expect(host.inputs).toEqual([]);
  });

  it('plain mode: a text message becomes a ChatInput and the first reply is the passive reply', async () => {
    await transport.stop();
    // No EncodingAESKey: plain mode, and WeChat sends plaintext.
    transport = createMpTransport({ ...CONFIG, encodingAesKey: '', apiBaseUrl: api.url }, { now });
    await transport.start(host);
    const wx = mpCallbackDriver({
      ...CONFIG,
      encodingAesKey: '',
      url: `http://127.0.0.1:${transport.port}${CONFIG.path}`,
      now,
    });
    const response = await wx.post(
      textMessage({ from: USER, content: '张三 11010519491231002X', msgId: '6054768590064713728' }),
    );
    expect(response.body).not.toContain('<Encrypt>');
    expect(response.status).toBe(200);
    expect(response.reply).toMatchObject({
      ToUserName: USER,
      FromUserName: 'gh_fake',
      MsgType: 'text',
      Content: '收到：张三 11010519491231002X',
    });
    expect(host.inputs).toHaveLength(1);
    expect(host.inputs[0]).toMatchObject({
      messageId: '6054768590064713728',
      door: 'mp',
      sender: { id: USER },
      mentioned: false,
    });
    expect(host.inputs[0]?.room).toBeUndefined();
    expect(host.budgets[0]).toBe(4000);
  });

  it('safe mode: the passive reply is encrypted and signed, and the driver opens it', async () => {
    const response = await driver.post(textMessage({ from: USER, content: '你好', msgId: '10' }), {
      safe: true,
    });
    expect(response.body).toContain('<Encrypt>');
    expect(response.body).not.toContain('收到');
    expect(response.reply).toMatchObject({ ToUserName: USER, Content: '收到：你好' });
    expect(host.inputs[0]?.content).toEqual({ kind: 'text', text: '你好' });
  });

  it('a slow answer: success at once, one message to the host, one customer-service send despite three retries', async () => {
    const later: ChatReply[] = [];
    host.answer = async (input) => {
      later.push(textReply(replyAddress(input), '核验结果：有效'));
      return []; // nothing within the budget: the host sends it later through deliver
    };
    const responses = await driver.postWithRetries(
      textMessage({ from: USER, content: '张三', msgId: '20' }),
      { safe: true },
    );
    expect(responses.map((r) => [r.status, r.body])).toEqual(
      Array.from({ length: 4 }, () => [200, 'success']),
    );
    expect(host.inputs).toHaveLength(1);
    for (const reply of later) await transport.deliver(reply);
    expect(api.sent).toEqual([{ touser: USER, msgtype: 'text', content: '核验结果：有效' }]);
  });

  it('a message id seen before is not handed to the host again', async () => {
    const xml = textMessage({ from: USER, content: '张三', msgId: '30' });
    expect((await driver.post(xml)).reply?.Content).toBe('收到：张三');
    expect(await driver.post(xml)).toMatchObject({ status: 200, body: 'success' });
    expect(host.inputs).toHaveLength(1);
  });

  it('a first reply over the text limit: its first part is the passive reply, the rest follows by API', async () => {
    const lines = Array.from({ length: 12 }, (_, i) => `${i + 1}. ${'核'.repeat(100)}`);
    host.answer = async (input) => [textReply(replyAddress(input), lines.join('\n'))];
    const response = await driver.post(textMessage({ from: USER, content: '名单', msgId: '80' }));
    const passive = response.reply?.Content ?? '';
    expect(passive.startsWith('1. ')).toBe(true);
    expect(passive.length).toBeLessThanOrEqual(680);
    await vi.waitFor(() =>
      expect([passive, ...api.sent.map((s) => s.content)].join('\n')).toBe(lines.join('\n')),
    );
  });

  it('a retried subscribe event (same sender and CreateTime) is welcomed once', async () => {
    const event = messageXml({
      ToUserName: 'gh_fake',
      FromUserName: USER,
      CreateTime: 1_700_000_009,
      MsgType: 'event',
      Event: 'subscribe',
    });
    expect((await driver.post(event)).reply?.Content).toBe(MP_WELCOME_TEXT);
    expect((await driver.post(event)).body).toBe('success');
  });

  it('45015 (outside the 48-hour window) is logged and dropped, not retried', async () => {
    api.userWrote(USER, clock - 48 * 3600_000 - 1000);
    await expect(
      transport.deliver(textReply({ door: 'mp', userId: USER }, '迟到的结果')),
    ).resolves.toBeUndefined();
    expect(sends()).toHaveLength(1);
    expect(sends()[0]?.errcode).toBe(45015);
    expect(api.sent).toEqual([]);
  });

  it('a file reply becomes the Chinese text that files are not possible here', async () => {
    const file = { name: '名单.核验结果.xlsx', bytes: Buffer.from('x') };
    host.answer = async (input) => [{ to: replyAddress(input), content: { kind: 'file', file } }];
    const response = await driver.post(textMessage({ from: USER, content: '导出 problems', msgId: '40' }));
    expect(response.reply?.Content).toBe(mpNoFilesText(file.name));
    await transport.deliver({ to: { door: 'mp', userId: USER }, content: { kind: 'file', file } });
    expect(api.sent.map((s) => s.content)).toEqual([mpNoFilesText(file.name)]);
    expect(mpNoFilesText(file.name)).toContain('企业微信机器人');
  });

  it('an image is downloaded through the media API and handed over as a photo file', async () => {
    api.addMedia('MEDIA_9', Buffer.from([0xff, 0xd8, 0xff, 9]));
    const xml = messageXml({
      ToUserName: 'gh_fake',
      FromUserName: USER,
      CreateTime: 1_700_000_000,
      MsgType: 'image',
      PicUrl: 'http://127.0.0.1:1/x.jpg',
      MediaId: 'MEDIA_9',
      MsgId: 50,
    });
    const response = await driver.post(xml, { safe: true });
    expect(host.inputs[0]?.content).toEqual({
      kind: 'file',
      file: { name: '照片-50.jpg', bytes: Buffer.from([0xff, 0xd8, 0xff, 9]) },
    });
    expect(response.reply?.Content).toBe('收到：照片-50.jpg');
  });

  it('subscribe gets the welcome, voice the short answer, other events nothing; none reaches the host', async () => {
    const event = (name: string) =>
      messageXml({
        ToUserName: 'gh_fake',
        FromUserName: USER,
        CreateTime: 1_700_000_001,
        MsgType: 'event',
        Event: name,
      });
    expect((await driver.post(event('subscribe'))).reply?.Content).toBe(MP_WELCOME_TEXT);
    expect((await driver.post(event('unsubscribe'))).body).toBe('success');
    const voice = messageXml({
      ToUserName: 'gh_fake',
      FromUserName: USER,
      CreateTime: 1_700_000_002,
      MsgType: 'voice',
      MediaId: 'v',
      Format: 'amr',
      MsgId: 60,
    });
    expect((await driver.post(voice)).reply?.Content).toBe(MP_UNSUPPORTED_TEXT);
    expect(host.inputs).toEqual([]);
  });
});

describe('service account callback with a host that holds on past the budget', () => {
  it('answers success in time and sends the replies later by customer-service message', async () => {
    const slow = createMpTransport({ ...CONFIG, apiBaseUrl: api.url }, { now, replyBudgetMs: 0 });
    const stuck = new FakeHost(db);
    let release: (replies: ChatReply[]) => void = () => {};
    stuck.answer = () => new Promise((resolve) => (release = resolve));
    await slow.start(stuck);
    try {
      const wx = mpCallbackDriver({ ...CONFIG, url: `http://127.0.0.1:${slow.port}${CONFIG.path}`, now });
      const response = await wx.post(textMessage({ from: USER, content: '张三', msgId: '70' }));
      expect(response.body).toBe('success');
      release([textReply({ door: 'mp', userId: USER }, '核验结果：有效')]);
      await vi.waitFor(() => expect(api.sent.map((s) => s.content)).toEqual(['核验结果：有效']));
    } finally {
      await slow.stop();
    }
  });
});
