/**
 * The WeCom robot door through the real SDK over a real WebSocket to the fake of WeCom's side; a fake host
 * records the inputs, the tests deliver the replies as the host would.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fileNotReceivedText, rosterInGroupText } from '../../../../src/chat/core/replies.js';
import type { TransportHost } from '../../../../src/chat/transports/transport.js';
import {
  createWecomTransport,
  PROACTIVE_INTERVAL_MS,
  type WecomTransport,
} from '../../../../src/chat/transports/wecom/index.js';
import { type ChatInput, replyAddress, textReply } from '../../../../src/chat/types.js';
import { startWecomBotServer, type WecomBotServer } from '../../../fakes/wecom-bot-server.js';

const BOT = { botId: 'bot-1', secret: 'secret-1' };

interface FakeHost extends TransportHost {
  inputs: ChatInput[];
  next(): Promise<ChatInput>;
}

function fakeHost(): FakeHost {
  const inputs: ChatInput[] = [];
  const waiters: Array<(input: ChatInput) => void> = [];
  let read = 0;
  return {
    inputs,
    async receive(input) {
      inputs.push(input);
      waiters.shift()?.(input);
      return [];
    },
    next() {
      const ready = inputs[read];
      if (ready) {
        read += 1;
        return Promise.resolve(ready);
      }
      return new Promise((resolve) =>
        waiters.push((input) => {
          read += 1;
          resolve(input);
        }),
      );
    },
  };
}

let server: WecomBotServer;
let transport: WecomTransport;
let host: FakeHost;
/** The pauses the transport asked for before proactive messages (recorded, not slept). */
let slept: number[];

async function connect(options: { secret?: string; heartbeatIntervalMs?: number } = {}): Promise<void> {
  server = await startWecomBotServer(BOT);
  host = fakeHost();
  slept = [];
  transport = createWecomTransport(
    { botId: BOT.botId, secret: options.secret ?? BOT.secret, wsUrl: server.url },
    {
      reconnectIntervalMs: 10,
      maxAuthFailureAttempts: 1,
      heartbeatIntervalMs: options.heartbeatIntervalMs,
      sleep: async (ms) => {
        slept.push(ms);
      },
    },
  );
  await transport.start(host);
}

afterEach(async () => {
  await transport?.stop();
  await server?.close();
});

describe('WeCom robot transport', () => {
  it('authenticates with botId and secret and answers a single-chat text as a finished stream on its frame', async () => {
    await connect();
    const subscribe = await server.next('aibot_subscribe');
    expect(subscribe.body).toEqual({ bot_id: 'bot-1', secret: 'secret-1' });

    const reqId = server.text({ userid: 'zhangsan', msgid: 'm1' }, '张三 11010519491231002X');
    const input = await host.next();
    expect(input).toMatchObject({
      messageId: 'm1',
      door: 'wecom',
      content: { kind: 'text', text: '张三 11010519491231002X' },
      sender: { id: 'zhangsan' },
      mentioned: false,
      timestamp: 1767225600000,
    });
    expect(input.room).toBeUndefined();

    await transport.deliver(textReply(replyAddress(input), '✅ 有效'));
    const reply = await server.next('aibot_respond_msg');
    expect(reply.headers.req_id).toBe(reqId);
    expect(reply.body).toMatchObject({ msgtype: 'stream', stream: { finish: true, content: '✅ 有效' } });
  });

  it('reads a group message as the room, mentioned, without the @-mention', async () => {
    await connect();
    const reqId = server.text({ userid: 'lisi', chatid: 'group-9' }, '@证件核验 张三 11010519491231002X');
    const input = await host.next();
    expect(input).toMatchObject({
      sender: { id: 'lisi' },
      room: { id: 'group-9' },
      mentioned: true,
      content: { kind: 'text', text: '张三 11010519491231002X' },
      via: { chattype: 'group', chatid: 'group-9' },
    });
    await transport.deliver(textReply(replyAddress(input), '收到'));
    expect((await server.next('aibot_respond_msg')).headers.req_id).toBe(reqId);
  });

  it('ignores a message id it has already received', async () => {
    await connect();
    server.text({ userid: 'u1', msgid: 'same' }, '第一次');
    server.text({ userid: 'u1', msgid: 'same' }, '第二次');
    server.text({ userid: 'u1', msgid: 'other' }, '第三次');
    expect((await host.next()).messageId).toBe('same');
    expect((await host.next()).messageId).toBe('other');
    expect(host.inputs.map((i) => i.messageId)).toEqual(['same', 'other']);
  });

  it('downloads and decrypts a picture and an xlsx roster byte for byte', async () => {
    await connect();
    const photo = randomBytes(70_001);
    server.image({ userid: 'u1', msgid: 'pic-1' }, photo);
    const image = await host.next();
    expect(image.content).toEqual({ kind: 'file', file: { name: '照片-pic-1.jpg', bytes: photo } });

    const roster = Buffer.concat([Buffer.from('PK\u0003\u0004'), randomBytes(4096)]);
    server.file({ userid: 'u1' }, roster, '一车间花名册.xlsx');
    const file = await host.next();
    expect(file.content).toEqual({ kind: 'file', file: { name: '一车间花名册.xlsx', bytes: roster } });
  });

  it('reads the text parts of a mixed message', async () => {
    await connect();
    server.mixed({ userid: 'u1' }, [
      { text: '张三' },
      { image: randomBytes(64) },
      { text: '11010519491231002X' },
    ]);
    expect((await host.next()).content).toEqual({ kind: 'text', text: '张三\n11010519491231002X' });
  });

  it('reads a voice message as the text WeCom made of it', async () => {
    await connect();
    server.push({
      msgid: 'v1',
      chattype: 'single',
      from: { userid: 'u1' },
      msgtype: 'voice',
      voice: { content: '帮助' },
    });
    expect((await host.next()).content).toEqual({ kind: 'text', text: '帮助' });
  });

  it('asks for a picture again when its download fails, and hands nothing to the host', async () => {
    await connect();
    const image = {
      url: `${server.url.replace('ws:', 'http:')}/download/missing`,
      aeskey: randomBytes(32).toString('base64'),
    };
    const reqId = server.push({
      msgid: 'p404',
      chattype: 'single',
      from: { userid: 'u1' },
      msgtype: 'image',
      image,
    });
    const reply = await server.next('aibot_respond_msg');
    expect(reply.headers.req_id).toBe(reqId);
    expect(reply.body.stream.content).toBe(fileNotReceivedText());
    expect(host.inputs).toEqual([]);
  });

  it('does not read a file sent in a group and says rosters go in single chat', async () => {
    await connect();
    const reqId = server.file({ userid: 'u1', chatid: 'group-1' }, randomBytes(100), '花名册.xlsx');
    const reply = await server.next('aibot_respond_msg');
    expect(reply.headers.req_id).toBe(reqId);
    expect(reply.body.stream.content).toBe(rosterInGroupText());
    expect(host.inputs).toEqual([]);
  });

  it('uploads a result file in 512 KB chunks and sends it as the media reply on the frame', async () => {
    await connect();
    const reqId = server.file({ userid: 'u1' }, randomBytes(10), '名单.csv');
    const input = await host.next();
    const result = randomBytes(1_200_000);
    await transport.deliver({
      to: replyAddress(input),
      content: { kind: 'file', file: { name: '结果.xlsx', bytes: result } },
    });

    const init = await server.next('aibot_upload_media_init');
    expect(init.body).toMatchObject({
      type: 'file',
      filename: '结果.xlsx',
      total_size: 1_200_000,
      total_chunks: 3,
    });
    const chunks = server.calls.filter((frame) => frame.cmd === 'aibot_upload_media_chunk');
    expect(chunks.map((frame) => frame.body.chunk_index).sort()).toEqual([0, 1, 2]);
    await server.next('aibot_upload_media_finish');
    const reply = await server.next('aibot_respond_msg');
    expect(reply.headers.req_id).toBe(reqId);
    expect(reply.body.msgtype).toBe('file');
    expect(server.media(reply.body.file.media_id).equals(result)).toBe(true);
  });

  it('sends a later reply, one without a live frame and one on an expired frame proactively to the chat', async () => {
    await connect();
    server.text({ userid: 'wangwu' }, '查询');
    const single = await host.next();
    await transport.deliver(textReply(replyAddress(single), '第一条'));
    await server.next('aibot_respond_msg');
    await transport.deliver(textReply(replyAddress(single), '第二条'));
    const later = await server.next('aibot_send_msg');
    expect(later.body).toEqual({ chatid: 'wangwu', msgtype: 'markdown', markdown: { content: '第二条' } });

    // After a restart the frame token is unknown: the chatid in `via` still routes the answer.
    const restored = {
      door: 'wecom' as const,
      userId: 'lisi',
      roomId: 'group-2',
      via: { chattype: 'group', chatid: 'group-2', frame: 'gone' },
    };
    await transport.deliver(textReply(restored, '排队的结果'));
    expect((await server.next('aibot_send_msg')).body).toMatchObject({
      chatid: 'group-2',
      markdown: { content: '排队的结果' },
    });

    const reqId = server.text({ userid: 'zhaoliu' }, '查询');
    const slow = await host.next();
    server.expire(reqId);
    await transport.deliver(textReply(replyAddress(slow), '迟到的回答'));
    expect((await server.next('aibot_respond_msg')).headers.req_id).toBe(reqId);
    expect((await server.next('aibot_send_msg')).body).toMatchObject({
      chatid: 'zhaoliu',
      markdown: { content: '迟到的回答' },
    });

    const file = { name: '结果.xlsx', bytes: randomBytes(100) };
    await transport.deliver({ to: replyAddress(single), content: { kind: 'file', file } });
    const media = await server.next('aibot_send_msg');
    expect(media.body).toMatchObject({ chatid: 'wangwu', msgtype: 'file' });
    expect(server.media(media.body.file.media_id)).toEqual(file.bytes);
    // Four proactive messages back to back: each after the first waits out the rest of its 3 s.
    expect(slept).toHaveLength(3);
    for (const ms of slept) expect(ms).toBeGreaterThan(0);
    for (const ms of slept) expect(ms).toBeLessThanOrEqual(PROACTIVE_INTERVAL_MS);
  });

  it('answers messages on their frames one after another without a pause (the host queue has none)', async () => {
    await connect();
    expect(transport.sendLimits.intervalMs).toBe(0);
    server.text({ userid: 'u1', msgid: 'a' }, '张三 11010519491231002X');
    server.text({ userid: 'u2', msgid: 'b' }, '李四 11010519491231002X');
    const first = await host.next();
    const second = await host.next();
    await transport.deliver(textReply(replyAddress(first), '一'));
    await transport.deliver(textReply(replyAddress(second), '二'));
    expect((await server.next('aibot_respond_msg')).body.stream.content).toBe('一');
    expect((await server.next('aibot_respond_msg')).body.stream.content).toBe('二');
    expect(slept).toEqual([]);
  });

  it('neutralises markdown in reply texts', async () => {
    await connect();
    server.text({ userid: 'u1' }, '查询');
    const input = await host.next();
    await transport.deliver(
      textReply(replyAddress(input), '姓名：[点我](http://x.cn) **张三** <@all> 110105********002X'),
    );
    const content: string = (await server.next('aibot_respond_msg')).body.stream.content;
    expect(content).toBe('姓名：［点我］（http://x.cn） ＊＊张三＊＊ ＜@all＞ 110105＊＊＊＊＊＊＊＊002X');
  });

  it('answers heartbeats and keeps the connection', async () => {
    await connect({ heartbeatIntervalMs: 20 });
    await server.next('ping');
    await server.next('ping');
    await server.next('ping');
    server.text({ userid: 'u1', msgid: 'after-pings' }, '还在');
    expect((await host.next()).messageId).toBe('after-pings');
    expect(server.calls.filter((frame) => frame.cmd === 'aibot_subscribe')).toHaveLength(1);
  });

  it('reconnects after a dropped connection and messages flow again', async () => {
    await connect();
    server.dropConnection();
    await server.authenticated(2);
    const reqId = server.text({ userid: 'u1', msgid: 'after-drop' }, '又来了');
    const input = await host.next();
    expect(input.messageId).toBe('after-drop');
    await transport.deliver(textReply(replyAddress(input), '好的'));
    expect((await server.next('aibot_respond_msg')).headers.req_id).toBe(reqId);
  });

  it('answers a message whose frame is past its reply window proactively', async () => {
    server = await startWecomBotServer(BOT);
    host = fakeHost();
    let clock = 1_000_000;
    transport = createWecomTransport(
      { ...BOT, wsUrl: server.url },
      { now: () => clock, replyWindowMs: 60_000 },
    );
    await transport.start(host);
    server.text({ userid: 'u1' }, '名单');
    const input = await host.next();
    clock += 60_000;
    await transport.deliver(textReply(replyAddress(input), '批量核验完成'));
    expect((await server.next('aibot_send_msg')).body).toMatchObject({
      chatid: 'u1',
      markdown: { content: '批量核验完成' },
    });
    expect(server.calls.some((frame) => frame.cmd === 'aibot_respond_msg')).toBe(false);
  });

  it('starts without waiting when WeCom cannot be reached, and stops retrying on stop', async () => {
    server = await startWecomBotServer(BOT);
    const unreachable = server.url;
    await server.close();
    transport = createWecomTransport({ ...BOT, wsUrl: unreachable }, { reconnectIntervalMs: 10 });
    await transport.start(fakeHost());
    await transport.stop();
  });

  it('cannot send until WeCom comes up after start, then tells the host; again after a dropped connection', async () => {
    const down = await startWecomBotServer(BOT);
    await down.close();
    let ready = 0;
    host = { ...fakeHost(), ready: () => void ready++ };
    transport = createWecomTransport({ ...BOT, wsUrl: down.url }, { reconnectIntervalMs: 10 });
    await transport.start(host);
    expect(transport.canSend()).toBe(false);

    server = await startWecomBotServer({ ...BOT, port: Number(new URL(down.url).port) });
    await vi.waitFor(() => expect(ready).toBe(1));
    expect(transport.canSend()).toBe(true);
    server.dropConnection();
    await server.authenticated(2);
    await vi.waitFor(() => expect(ready).toBe(2));
    expect(transport.canSend()).toBe(true);
    await transport.stop();
    expect(transport.canSend()).toBe(false);
  });

  it('reports a wrong secret as an authentication failure without crashing', async () => {
    await expect(connect({ secret: 'wrong' })).rejects.toThrow(/认证失败.*wecom\.bot\.secret/);
    expect(server.authFailures).toBe(1);
    await transport.stop();
  });
});
