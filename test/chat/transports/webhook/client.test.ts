import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { splitText, utf8Bytes } from '../../../../src/chat/split-text.js';
import {
  groupNotifier,
  notifierFromSettings,
  WebhookClient,
  WebhookError,
} from '../../../../src/chat/transports/webhook/index.js';
import { ConfigError, InputError } from '../../../../src/domain/errors.js';
import { type FakeWecomWebhookApi, startWecomWebhookApi } from '../../../fakes/wecom-webhook-api.js';

const KEY = 'k-693a91f6-test';
let clock: number;
let sleeps: number[];
let fake: FakeWecomWebhookApi;

/** A fake clock shared by the client and the fake API: sleeping moves it on. */
const timing = () => ({
  now: () => clock,
  sleep: async (ms: number) => {
    sleeps.push(ms);
    clock += ms;
  },
  random: () => 0.5,
});

const client = (options: { key?: string; maxTries?: number } = {}) =>
  new WebhookClient({ baseUrl: fake.url, key: options.key ?? KEY, maxTries: options.maxTries, ...timing() });

beforeEach(async () => {
  clock = 1_000_000;
  sleeps = [];
  fake = await startWecomWebhookApi({ keys: [KEY], now: () => clock });
});
afterEach(() => fake.close());

describe('WebhookClient', () => {
  it('sends a text with mentions and a markdown in the documented JSON shape', async () => {
    const c = client();
    await c.sendText('广州今日天气：29度', {
      mentionedList: ['wangqing', '@all'],
      mentionedMobileList: ['13800001111'],
    });
    await c.sendMarkdown('实时新增<font color="warning">132例</font>');
    expect(fake.calls.map((call) => [call.path, call.key])).toEqual([
      ['/cgi-bin/webhook/send', KEY],
      ['/cgi-bin/webhook/send', KEY],
    ]);
    expect(fake.messages()).toEqual([
      {
        msgtype: 'text',
        text: {
          content: '广州今日天气：29度',
          mentioned_list: ['wangqing', '@all'],
          mentioned_mobile_list: ['13800001111'],
        },
      },
      { msgtype: 'markdown', markdown: { content: '实时新增<font color="warning">132例</font>' } },
    ]);
  });

  it('splits a long text at line boundaries under 2048 UTF-8 bytes (not characters)', async () => {
    // 100 lines of 30 Han characters: 90 bytes each, 3000 characters but 9099 bytes in all.
    const lines = Array.from({ length: 100 }, (_, i) => `${String(i).padStart(3, '0')}${'证'.repeat(29)}`);
    await client().sendText(lines.join('\n'));
    const parts = fake.messages().map((m) => (m.text as { content: string }).content);
    expect(parts.length).toBeGreaterThan(4);
    for (const part of parts) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(2048);
    expect(parts.join('\n')).toBe(lines.join('\n'));
    for (const part of parts) expect(part.split('\n').every((line) => lines.includes(line))).toBe(true);
  });

  it('splits a long markdown under 4096 bytes', async () => {
    const lines = Array.from({ length: 200 }, (_, i) => `> 第${i}行：${'核验'.repeat(10)}`);
    await client().sendMarkdown(lines.join('\n'));
    const parts = fake.messages().map((m) => (m.markdown as { content: string }).content);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(4096);
    expect(parts.join('\n')).toBe(lines.join('\n'));
  });

  it('cuts a single overlong line between characters, never inside one', () => {
    const parts = splitText('证'.repeat(1000), 2048, utf8Bytes);
    expect(parts.map(utf8Bytes)).toEqual([2046, 954]);
    expect(parts.join('')).toBe('证'.repeat(1000));
  });

  it('keeps the parts of one notice together when two are sent at once', async () => {
    const c = client();
    const long = Array.from({ length: 60 }, (_, i) => `${i} ${'甲'.repeat(20)}`).join('\n');
    await Promise.all([c.sendText(long), c.sendText('乙')]);
    const contents = fake.messages().map((m) => (m.text as { content: string }).content);
    expect(contents.length).toBeGreaterThan(2);
    expect(contents.at(-1)).toBe('乙');
    expect(contents.slice(0, -1).join('\n')).toBe(long);
  });

  it('waits for the window with the 21st message in a minute: the fake refuses none', async () => {
    const c = client();
    for (let i = 1; i <= 21; i++) await c.sendText(`通知 ${i}`);
    expect(fake.calls).toHaveLength(21);
    expect(fake.calls.every((call) => call.answer.errcode === 0)).toBe(true);
    expect(sleeps).toEqual([60_000]);
    expect(
      (fake.calls[20] as { at: number }).at - (fake.calls[0] as { at: number }).at,
    ).toBeGreaterThanOrEqual(60_000);
  });

  it('backs off exponentially on "too frequent" (45009 and 130101) and then succeeds', async () => {
    fake.tooFrequent(2);
    await client().sendText('提醒');
    expect(fake.calls.map((call) => call.answer.errcode)).toEqual([45009, 45009, 0]);
    expect(sleeps).toEqual([1500, 3000]);
    fake.tooFrequent(1, 130101);
    await client().sendText('再次提醒');
    expect(fake.messages()).toHaveLength(2);
  });

  it('gives up after the bounded tries with a retryable typed error', async () => {
    fake.tooFrequent(10);
    const error = await client({ maxTries: 3 })
      .sendText('提醒')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookError);
    expect(error).toMatchObject({ errcode: 45009, retryable: true });
    expect(fake.calls).toHaveLength(3);
  });

  it('an invalid key is a typed error, not retried, and its message holds no key', async () => {
    const error = await client({ key: 'wrong-key-123' })
      .sendText('提醒')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookError);
    expect(error).toMatchObject({ errcode: 93000, retryable: false });
    expect((error as Error).message).toContain('key 无效');
    expect((error as Error).message).not.toContain('wrong-key-123');
    expect(fake.calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('uploads a file, then sends it by the media_id it got', async () => {
    const data = Buffer.from('姓名,身份证号\n张三,110105********002X\n');
    await client().sendFile('名单.核验结果.csv', data);
    expect(fake.calls.map((call) => call.path)).toEqual([
      '/cgi-bin/webhook/upload_media',
      '/cgi-bin/webhook/send',
    ]);
    const upload = fake.calls[0] as { file?: { name: string; data: Buffer }; answer: { media_id?: string } };
    expect(upload.file?.name).toBe('名单.核验结果.csv');
    expect(upload.file?.data.equals(data)).toBe(true);
    expect(fake.messages()).toEqual([{ msgtype: 'file', file: { media_id: upload.answer.media_id } }]);
  });

  it('refuses a file under 5 bytes before uploading', async () => {
    await expect(client().sendFile('a.txt', Buffer.from('abc'))).rejects.toBeInstanceOf(WebhookError);
    expect(fake.calls).toEqual([]);
  });
});

describe('GroupNotifier', () => {
  it('masks every full ID number in texts, markdown and file names sent to a group', async () => {
    const notifier = groupNotifier(client());
    await notifier.notify('张三 11010519491231002X 的证书 30 天后到期');
    await notifier.notify({ markdown: '**到期提醒**：110105194912310021' });
    await notifier.notify({ file: { name: '11010519491231002X.csv', data: Buffer.from('12345678') } });
    const sent = JSON.stringify(fake.calls.map((call) => [call.body, call.file?.name]));
    expect(sent).not.toMatch(/11010519491231002X|110105194912310021/);
    expect(sent).toContain('110105********002X');
    expect(sent).toContain('110105********0021');
  });

  it('refuses a file holding a full ID number, as text or in a workbook cell; a masked one goes out', async () => {
    const notifier = groupNotifier(client());
    const csv = Buffer.from('\ufeff姓名,身份证号\n张三,11010519491231002X\n');
    await expect(notifier.notify({ file: { name: '名单.csv', data: csv } })).rejects.toThrow(
      /完整的身份证号，不能发到群里/,
    );
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('问题清单').addRow(['1', '110105194912310021 未查到']);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    await expect(notifier.notify({ file: { name: '问题清单.xlsx', data: xlsx } })).rejects.toThrow(
      InputError,
    );
    expect(fake.calls).toEqual([]);

    const masked = new ExcelJS.Workbook();
    masked.addWorksheet('问题清单').addRow(['1', '110105********0021 未查到']);
    await notifier.notify({
      file: { name: '问题清单.xlsx', data: Buffer.from(await masked.xlsx.writeBuffer()) },
    });
    expect(fake.messages()).toEqual([{ msgtype: 'file', file: { media_id: expect.any(String) } }]);
  });

  it('picks the default key or a named group; a missing key is a Chinese config error', async () => {
    const settings = { apiBaseUrl: fake.url, webhook: { key: '', groups: { 安全科: KEY } } };
    expect(() => notifierFromSettings(settings)).toThrow(ConfigError);
    expect(() => notifierFromSettings(settings)).toThrow(/wecom\.webhook\.key/);
    expect(() => notifierFromSettings(settings, '车间')).toThrow(/安全科/);
    await notifierFromSettings(settings, '安全科', timing()).notify('你好');
    expect(fake.messages()).toEqual([{ msgtype: 'text', text: { content: '你好' } }]);
  });
});

describe('the fake group-robot API', () => {
  it('refuses the 21st message in 60 s with 45009, and a wrong key with 93000', async () => {
    const send = (key: string) =>
      fetch(`${fake.url}/cgi-bin/webhook/send?key=${key}`, {
        method: 'POST',
        body: JSON.stringify({ msgtype: 'text', text: { content: 'x' } }),
      }).then((r) => r.json() as Promise<{ errcode: number }>);
    for (let i = 0; i < 20; i++) expect((await send(KEY)).errcode).toBe(0);
    expect((await send(KEY)).errcode).toBe(45009);
    clock += 60_000;
    expect((await send(KEY)).errcode).toBe(0);
    expect((await send('nope')).errcode).toBe(93000);
  });
});
