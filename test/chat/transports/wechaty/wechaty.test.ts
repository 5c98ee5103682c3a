/**
 * End to end on the real Wechaty runtime with wechaty-puppet-mock: messages from mock contacts reach the handler
 * through the plugin, and what the bot says is captured on the mock side.
 */
import ExcelJS from 'exceljs';
import { FileBox, type FileBoxInterface } from 'file-box';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { log, types, type Wechaty, WechatyBuilder } from 'wechaty';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { type ChatHandler, createChatHandler } from '../../../../src/chat/core/handler.js';
import {
  CertVerifyBot,
  isOwnMessage,
  isStale,
  sendOnWechaty,
  shouldAnswerInRoom,
} from '../../../../src/chat/transports/wechaty/index.js';
import type { ChatInput, ChatReply } from '../../../../src/chat/types.js';
import { readRoster } from '../../../../src/roster/read/read-roster.js';
import { writeAnnotatedRoster } from '../../../../src/roster/write/annotated.js';
import { officialQrText } from '../../../../src/simulator/qr-token.js';
import { runBatch } from '../../../../src/verify/batch.js';
import { drawCard } from '../../../helpers/card-image.js';
import { chatConfig, ID_A, record, services, TODAY, tempDir, verdict } from '../../helpers.js';

log.level('silent');

/**
 * PuppetMock keeps sent files as JSON, which a Buffer FileBox cannot give: re-emit them as base64.
 * `afterTextSent` lets a test act the moment a text send settles.
 */
class FilePuppetMock extends PuppetMock {
  afterTextSent: ((text: string) => void) | undefined;

  override async messageSendText(conversationId: string, text: string): Promise<void> {
    await super.messageSendText(conversationId, text);
    this.afterTextSent?.(text);
  }

  override async messageSendFile(conversationId: string, file: FileBoxInterface): Promise<void> {
    return super.messageSendFile(conversationId, FileBox.fromBase64(await file.toBase64(), file.name));
  }
}

/** The mock users are event emitters whose typings do not show it. */
function listen(target: mock.ContactMock | mock.RoomMock, fn: (message: mock.MessageMock) => void): void {
  (target as unknown as { on(event: 'message', fn: (message: mock.MessageMock) => void): void }).on(
    'message',
    fn,
  );
}

interface Said {
  conversation: string;
  text?: string;
  fileName?: string;
}

let dir: string;
let cleanup: () => Promise<void>;
let bot: Wechaty;
let store: { close(): Promise<void> } | undefined;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(async () => {
  await bot?.stop();
  await store?.close();
  store = undefined;
  await cleanup();
});

/** Start a bot on a fresh mock world; `handler` defaults to the real handler over fake services. */
async function world(makeHandler?: (send: (reply: ChatReply) => void) => ChatHandler) {
  const mocker = new mock.Mocker();
  const puppet = new FilePuppetMock({ mocker });
  bot = WechatyBuilder.build({ puppet });
  // As the real bot does (wechaty-bot.ts): a lookup that misses is reported as an 'error' event.
  bot.on('error', () => {});
  const [self, mary, mike] = mocker.createContacts(3) as [
    mock.ContactMock,
    mock.ContactMock,
    mock.ContactMock,
  ];
  const room = mocker.createRoom({ topic: '安全生产群', memberIdList: [self.id, mary.id, mike.id] });
  const svc = await services(dir);
  store = svc.store;
  const config = chatConfig();
  const inputs: ChatInput[] = [];
  bot.use(
    CertVerifyBot({
      chat: config,
      handler: async (send) => {
        const handler = makeHandler?.(send) ?? (await createChatHandler({ config, services: svc, send }));
        return {
          handler: {
            handle: (input) => {
              inputs.push(input);
              return handler.handle(input);
            },
            retryPending: () => handler.retryPending(),
          },
          close: async () => {},
        };
      },
    }),
  );
  const said: Said[] = [];
  const capture = (conversation: string) => async (message: mock.MessageMock) => {
    if (message.payload.talkerId !== self.id) return;
    const entry: Said = { conversation };
    if (message.payload.type === types.Message.Text) entry.text = message.payload.text;
    else entry.fileName = (await puppet.messageFile(message.id)).name;
    said.push(entry);
  };
  listen(mary, capture('mary'));
  listen(room, capture('room'));
  const loggedIn = new Promise((resolve) => bot.once('login', resolve));
  await bot.start();
  mocker.login(self);
  await loggedIn;
  return { mocker, puppet, self, mary, mike, room, said, svc, inputs };
}

describe('decision functions', () => {
  it('own, stale and un-mentioned group messages are dropped', () => {
    expect(isOwnMessage('a', 'a')).toBe(true);
    expect(isOwnMessage('a', 'b')).toBe(false);
    expect(isOwnMessage('a', undefined)).toBe(false);
    expect(isStale(1_000, 10_000, 3_000)).toBe(true);
    expect(isStale(9_000, 10_000, 3_000)).toBe(false);
    expect(shouldAnswerInRoom(false, true)).toBe(false);
    expect(shouldAnswerInRoom(true, true)).toBe(true);
    expect(shouldAnswerInRoom(false, false)).toBe(true);
  });
});

describe('the bot on wechaty-puppet-mock', () => {
  it('answers a private text query', async () => {
    const w = await world();
    w.mary.say(`张三 ${ID_A}`).to(w.self);
    await vi.waitFor(() => expect(w.said).toHaveLength(1), { timeout: 5_000 });
    expect(w.said[0]?.conversation).toBe('mary');
    expect(w.said[0]?.text).toContain(`✅ 有效｜张三 ${ID_A}`);
    expect(w.inputs[0]).toMatchObject({ sender: { id: w.mary.id }, room: undefined });
  });

  it('answers a group message that mentions the bot (masked) and ignores one that does not', async () => {
    const w = await world();
    w.mike.say(`张三 ${ID_A}`).to(w.room);
    w.mike.say(`@${w.self.payload.name} 张三 ${ID_A}`, [w.self]).to(w.room);
    await vi.waitFor(() => expect(w.said).toHaveLength(1), { timeout: 5_000 });
    await new Promise((r) => setTimeout(r, 50));
    expect(w.said).toHaveLength(1);
    expect(w.said[0]?.conversation).toBe('room');
    expect(w.said[0]?.text).toContain('110105********002X');
    expect(w.said[0]?.text).not.toContain(ID_A);
    expect(w.inputs).toHaveLength(1);
    expect(w.inputs[0]).toMatchObject({ mentioned: true, room: { id: w.room.id, topic: '安全生产群' } });
    expect(w.inputs[0]?.content).toEqual({ kind: 'text', text: `张三 ${ID_A}` });
  });

  it('a file attachment reaches the handler, and the result file comes back', async () => {
    const w = await world();
    const box = FileBox.fromBase64(Buffer.from('姓名,身份证号\n').toString('base64'), '花名册.csv');
    const message = w.mocker.MessageMock.create({
      id: 'file-1',
      talkerId: w.mary.id,
      listenerId: w.self.id,
      timestamp: Date.now(),
      type: types.Message.Attachment,
    });
    w.mocker.cacheFileBoxPayload.set(message.id, box.toJSON());
    w.puppet.emit('message', { messageId: message.id });
    await vi.waitFor(() => expect(w.said.some((s) => s.fileName)).toBe(true), { timeout: 5_000 });
    expect(w.svc.batches[0]?.file).toEqual({ name: '花名册.csv', bytes: Buffer.from('姓名,身份证号\n') });
    expect(w.said.find((s) => s.fileName)?.fileName).toBe('结果-花名册.csv');
  });

  it('an image message (named without an extension) is checked as a photo of a card', async () => {
    const w = await world();
    const png = await drawCard({
      cert: record(),
      qrText: officialQrText('0123456789ABCDEF0123456789ABCDEF'),
      style: 'ic_card',
      dates: 'dash',
    });
    const jpeg = await sharp(png).jpeg().toBuffer();
    const message = w.mocker.MessageMock.create({
      id: 'image-1',
      talkerId: w.mary.id,
      listenerId: w.self.id,
      timestamp: Date.now(),
      type: types.Message.Image,
    });
    w.mocker.cacheFileBoxPayload.set(
      message.id,
      FileBox.fromBase64(jpeg.toString('base64'), 'image').toJSON(),
    );
    w.puppet.emit('message', { messageId: message.id });
    await vi.waitFor(() => expect(w.said.some((s) => s.text?.includes('【证件照片核验】'))).toBe(true), {
      timeout: 90_000,
      interval: 200,
    });
    const reply = w.said.find((s) => s.text?.includes('【证件照片核验】'))?.text ?? '';
    expect(reply).toContain('✅ 指向官方查询平台 wxcx.mem.gov.cn');
    expect(reply).toContain(`✅ 有效｜张三 ${ID_A}`);
    expect(w.inputs[0]?.content).toMatchObject({ kind: 'file', file: { name: 'image' } });
  }, 120_000);

  it('drops messages older than the bot’s start', async () => {
    const w = await world();
    const old = w.mocker.MessageMock.create({
      id: 'old-1',
      talkerId: w.mary.id,
      listenerId: w.self.id,
      timestamp: Date.now() - 3_600_000,
      type: types.Message.Text,
      text: `张三 ${ID_A}`,
    });
    w.puppet.emit('message', { messageId: old.id });
    w.mary.say('帮助').to(w.self);
    await vi.waitFor(() => expect(w.said).toHaveLength(1), { timeout: 5_000 });
    expect(w.said[0]?.text).toContain('核验');
    expect(w.inputs).toHaveLength(1);
  });

  it('a handler error does not stop the bot', async () => {
    let calls = 0;
    const w = await world(() => ({
      handle: async () => {
        calls++;
        if (calls === 1) throw new Error('handler exploded');
      },
      retryPending: async () => 0,
    }));
    w.mary.say('第一条').to(w.self);
    w.mary.say('第二条').to(w.self);
    await vi.waitFor(() => expect(calls).toBe(2), { timeout: 5_000 });
  });

  it('a pipeline error is answered with an apology and the next query is answered', async () => {
    const w = await world();
    w.svc.pipeline.failNext = new Error('lookup crashed');
    w.mary.say(`张三 ${ID_A}`).to(w.self);
    await vi.waitFor(() => expect(w.said).toHaveLength(1), { timeout: 5_000 });
    w.mary.say(`张三 ${ID_A}`).to(w.self);
    await vi.waitFor(() => expect(w.said).toHaveLength(2), { timeout: 5_000 });
    expect(w.said[0]?.text).toContain('抱歉');
    expect(w.said[1]?.text).toContain('✅ 有效');
  });

  it('sends a reply queued at any moment after the previous send settled', async () => {
    let send: ((reply: ChatReply) => void) | undefined;
    const w = await world((s) => {
      send = s;
      return {
        handle: async (input) => {
          const text = input.content.kind === 'text' ? input.content.text : '';
          send?.({ to: { userId: input.sender.id }, content: { kind: 'text', text: `回复一 ${text}` } });
        },
        retryPending: async () => 0,
      };
    });
    // The second reply of each round is queued `ticks` microtasks after the first one's send settled.
    w.puppet.afterTextSent = (text) => {
      const round = /^回复一 (\d+)$/.exec(text)?.[1];
      if (round === undefined) return;
      void (async () => {
        for (let i = 0; i < Number(round); i++) await Promise.resolve();
        send?.({ to: { userId: w.mary.id }, content: { kind: 'text', text: `回复二 ${round}` } });
      })();
    };
    for (let ticks = 0; ticks <= 12; ticks++) {
      w.mary.say(String(ticks)).to(w.self);
      await vi.waitFor(() => expect(w.said.map((s) => s.text)).toContain(`回复二 ${ticks}`), {
        timeout: 2_000,
      });
    }
  });

  it('never sends by display name or room topic: an unknown id fails the send', async () => {
    const w = await world();
    const sendText = vi.spyOn(w.puppet, 'messageSendText');
    const sendFile = vi.spyOn(w.puppet, 'messageSendFile');
    const secret = { kind: 'text' as const, text: `✅ 有效｜张三 ${ID_A}` };
    // Mary's display name used as an id: the old code found her by name and told her the verdict.
    await expect(
      sendOnWechaty(bot, { to: { userId: w.mary.payload.name }, content: secret }),
    ).rejects.toThrow('no contact with this id');
    await expect(
      sendOnWechaty(bot, { to: { userId: w.mary.id, roomId: '安全生产群' }, content: secret }),
    ).rejects.toThrow('no room with this id');
    expect(sendText).not.toHaveBeenCalled();
    expect(sendFile).not.toHaveBeenCalled();
    // The ids themselves still work.
    await sendOnWechaty(bot, { to: { userId: w.mary.id }, content: { kind: 'text', text: '帮助' } });
    expect(sendText).toHaveBeenCalledTimes(1);
  });

  it('a stranger learns no name: by ID alone, T+ID, a wrong name or a roster of bare IDs, privately or in a group', async () => {
    const w = await world();
    const known = '王建国';
    w.svc.pipeline.names.set(ID_A, known);
    w.svc.pipeline.verify = async (query) => {
      if (!query.valid) return verdict(query, 'invalid_id');
      if (query.name === undefined)
        return verdict(query, 'unverifiable', { reasons: ['缺少姓名：全国平台要求身份证号和姓名一起查询'] });
      if (query.name === known) return verdict(query, 'valid');
      return verdict(query, 'name_mismatch', {
        registeredNames: [known],
        reasons: ['姓名与登记信息不一致：该身份证号的证书不在所填姓名名下'],
      });
    };
    const rosters: Buffer[] = [];
    w.svc.runBatch = async (file, requester, _progress, _to, admin) => {
      const roster = await readRoster(file, { maxRows: 100, maxFileBytes: 1e6, maxUncompressedBytes: 1e7 });
      const result = await runBatch(roster, {
        pipeline: w.svc.pipeline,
        requester,
        today: TODAY,
        audience: { admin },
      });
      const bytes = await writeAnnotatedRoster(result, { fullIds: admin });
      rosters.push(bytes);
      return { files: [{ name: '结果.xlsx', bytes }], summary: '核验完成' };
    };

    for (const text of [ID_A, `T${ID_A}`, `李四 ${ID_A}`, '我的ID']) w.mary.say(text).to(w.self);
    for (const text of [ID_A, `T${ID_A}`, `李四 ${ID_A}`])
      w.mike.say(`@${w.self.payload.name} ${text}`, [w.self]).to(w.room);
    await vi.waitFor(() => expect(w.said).toHaveLength(7), { timeout: 5_000 });
    const message = w.mocker.MessageMock.create({
      id: 'bare-ids',
      talkerId: w.mary.id,
      listenerId: w.self.id,
      timestamp: Date.now(),
      type: types.Message.Attachment,
    });
    const csv = FileBox.fromBase64(Buffer.from(`姓名,身份证号\n,${ID_A}\n`).toString('base64'), '名单.csv');
    w.mocker.cacheFileBoxPayload.set(message.id, csv.toJSON());
    w.puppet.emit('message', { messageId: message.id });
    await vi.waitFor(() => expect(rosters).toHaveLength(1), { timeout: 5_000 });

    const texts = w.said.map((s) => s.text ?? '');
    for (const text of texts) expect(text).not.toContain(known);
    expect(texts.filter((t) => t.includes('的持证人姓名'))).toHaveLength(4);
    expect(texts.filter((t) => t.includes('姓名与登记信息不一致'))).toHaveLength(2);
    expect(texts).toContainEqual(expect.stringContaining(`您的 ID：wechaty:${w.mary.id}`));
    expect(w.inputs.every((input) => input.door === 'wechaty')).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(rosters[0] as unknown as ArrayBuffer);
    const cells: string[] = [];
    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((cell) => cells.push(cell.text)));
    expect(cells.join('\n')).not.toContain(known);
    expect(cells.join('\n')).toContain('缺少姓名');
  });
});
