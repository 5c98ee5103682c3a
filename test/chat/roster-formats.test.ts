/**
 * Through the real application services and chat handler: a roster sent as .xls, WPS .et, .ods, Excel's
 * "Unicode 文本" .txt (UTF-16LE with BOM, tab-separated), or a workbook a door passed on without an extension,
 * is read and answered like an xlsx: the result is an .xlsx (the reply says so), the footer line is no row, and
 * the ID stored as a number is named with its row and why.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppServices, createServices } from '../../src/app/services.js';
import { type ChatHandler, createChatHandler } from '../../src/chat/core/handler.js';
import type { ChatFile } from '../../src/chat/types.js';
import { CircuitBreaker } from '../../src/lookup/national/breaker.js';
import type { NationalLookup, NationalLookupCounters } from '../../src/lookup/national/client.js';
import { NUMBER_ID_ROW, PEOPLE } from '../fixtures/rosters/make.js';
import { encode, validId } from '../roster/files.js';
import { appConfig, outbox, record } from './helpers.js';

const TODAY = '2026-01-10';
const sender = { id: 'wxid_sender', name: '安全员' };

/** A platform that finds every person asked. */
function findingPlatform(): NationalLookup {
  return {
    async lookup(request) {
      return { current: [record({ idNumber: request.idNumber, name: request.name })], history: [] };
    },
    async scan() {
      throw new Error('no QR scan in a roster');
    },
    counters: () => ({}) as NationalLookupCounters,
    breaker: new CircuitBreaker({ failureThreshold: 5, cooldownMs: 120_000 }),
  };
}

describe('rosters in every office format, through the chat', () => {
  let dir: string;
  let app: AppServices;
  let handler: ChatHandler;
  let box: ReturnType<typeof outbox>;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'roster-formats-'));
    const config = appConfig(dir, TODAY);
    app = await createServices({ config, today: TODAY }, { national: findingPlatform() });
    box = outbox();
    handler = await createChatHandler({ config: config.chat, services: app.chat, send: box.send });
  });

  afterEach(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function send(file: ChatFile): Promise<{ result: ChatFile | undefined; reply: string }> {
    await handler.handle({
      messageId: 'm1',
      content: { kind: 'file', file },
      sender,
      mentioned: false,
      timestamp: 0,
    });
    const result = box.replies.flatMap((r) => (r.content.kind === 'file' ? [r.content.file] : []))[0];
    return { result, reply: box.texts().at(-1) ?? '' };
  }

  const fixture = async (name: string) => readFile(new URL(`../fixtures/rosters/${name}`, import.meta.url));

  it.each(['xls', 'et', 'ods'])(
    '花名册.%s: answered with an xlsx, the lost digits named by row',
    async (ext) => {
      const { result, reply } = await send({ name: `花名册.${ext}`, bytes: await fixture(`花名册.${ext}`) });
      expect(result?.name).toBe('花名册.核验结果.xlsx');
      expect(result?.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
      // The footer line is no row: six people, the one whose ID lost its digits invalid.
      expect(reply).toMatch(new RegExp(`^已核验 ${PEOPLE.length} 行：有效 \\d+.*，证件号无效 1\n`));
      expect(reply).toContain(
        `第 ${NUMBER_ID_ROW} 行的身份证号在 Excel 中存成了数字，后 3 位已丢失（Excel 只保留 15 位有效数字）：请把该列设为文本后重新输入这些号码`,
      );
      expect(reply).toContain(`原名单是 .${ext} 文件，核验结果保存为 .xlsx`);
    },
  );

  it('a workbook a door passed on without an extension is read by its bytes', async () => {
    const { result, reply } = await send({ name: '文件-1234', bytes: await fixture('花名册.xls') });
    expect(result?.name).toBe('文件-1234.核验结果.xlsx');
    expect(reply).toContain(`已核验 ${PEOPLE.length} 行`);
  });

  it('a Word .doc (OLE2 too) is not taken for a roster: its name says what it is', async () => {
    const { result, reply } = await send({ name: '说明.doc', bytes: await fixture('花名册.xls') });
    expect(result).toBeUndefined();
    expect(reply).toContain('收到文件“说明.doc”。只支持 xlsx / xls / et / ods / csv 花名册');
  });

  it('an Excel “Unicode 文本” .txt is read as in the CLI', async () => {
    const text = `姓名\t身份证号\r\n张三\t${validId(1)}\r\n李四\t${validId(2)}\r\n`;
    const { result, reply } = await send({ name: '名单.txt', bytes: encode(text, 'utf16le', true) });
    expect(result?.name).toBe('名单.核验结果.xlsx');
    expect(reply).toMatch(/^已核验 2 行：有效 2/);
    expect(reply).toContain('原名单是 .txt 文件，核验结果保存为 .xlsx');
  });
});
