/**
 * The ledger's chat words through the real handler, over a real store and the real ledger service (the
 * pipeline scripted): 台账, 台账 导入 then a roster, 导出 台账, 提醒, 提醒 开/关, and the help text.
 */
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedgerService } from '../../../src/app/ledger.js';
import { createChatHandler } from '../../../src/chat/core/handler.js';
import type { ChatInput } from '../../../src/chat/types.js';
import { loadConfig } from '../../../src/config/load.js';
import { LedgerStore } from '../../../src/store/ledger-store.js';
import { CHEN, ROSTER_DEMO } from '../../verify/ledger-helpers.js';
import {
  chatConfig,
  groupText,
  outbox,
  privateText,
  services,
  type TestServices,
  tempDir,
} from '../helpers.js';

const MANAGER = { id: 'user-1', name: '李经理' };
const ADMIN = { id: 'admin-1', name: '管理员' };
const config = chatConfig({ enterprises: { 'user-1': '甲公司', 'room-1@chatroom': '甲公司' } });

let temp: Awaited<ReturnType<typeof tempDir>>;
let svc: TestServices;
let ledger: LedgerStore;
let box: ReturnType<typeof outbox>;
let handle: (input: ChatInput) => Promise<void>;

beforeEach(async () => {
  temp = await tempDir();
  svc = await services(temp.dir);
  ledger = await LedgerStore.open(svc.store);
  const appConfig = loadConfig({ env: {} });
  svc.ledger = createLedgerService({
    config: appConfig,
    store: svc.store,
    ledger,
    pipeline: svc.pipeline,
    today: svc.today,
    now: svc.now,
  }).chat;
  box = outbox();
  const handler = await createChatHandler({ config, services: svc, send: box.send });
  handle = (input) => handler.handle(input);
});
afterEach(async () => {
  await svc.store.close();
  await temp.cleanup();
});

async function roster(sender = MANAGER): Promise<ChatInput> {
  return {
    messageId: `f-${Math.random()}`,
    content: { kind: 'file', file: { name: '花名册.xlsx', bytes: await readFile(ROSTER_DEMO) } },
    sender,
    mentioned: false,
    timestamp: 0,
  };
}

const last = () => box.texts().at(-1) ?? '';

describe('the ledger in chat', () => {
  it('keeps a roster out of the ledger unless the manager says 台账 导入 first', async () => {
    await handle(privateText('台账', MANAGER));
    expect(last()).toContain('还没有持证台账');
    await handle(await roster());
    expect(svc.batches).toHaveLength(1);
    expect(ledger.book('甲公司')).toBeUndefined();

    await handle(privateText('台账 导入', MANAGER));
    expect(last()).toContain('10 分钟内发送花名册');
    await handle(await roster());
    expect(svc.batches).toHaveLength(1);
    expect(last()).toContain('「甲公司」台账：新增 31 人，更新 0 人，未变 0 人，跳过 2 行有问题的记录');
    expect(last()).toContain('新增人员已核验：已核验 31 行：有效 31');
    expect(ledger.book('甲公司')?.people).toHaveLength(31);
    expect(ledger.book('甲公司')?.chat).toMatchObject({ userId: 'user-1' });

    // The next roster is a one-off check again.
    await handle(await roster());
    expect(svc.batches).toHaveLength(2);
  });

  it('answers 台账 with counts for anyone of the enterprise, and leaves the rest to its admins', async () => {
    await handle(privateText('台账 导入', MANAGER));
    await handle(await roster());
    await handle(groupText('台账'));
    expect(last()).toContain('【甲公司 持证台账】在册 31 人');
    expect(last()).toContain('有效 31 人');
    for (const words of ['导出 台账', '提醒', '提醒 关', '台账 导入']) {
      await handle(groupText(words));
      expect(last()).toBe('该功能仅限管理员使用。');
    }
    expect(ledger.book('甲公司')?.remindersOff).toBeUndefined();
  });

  it('sends the ledger workbook: masked to the enterprise’s manager, full to the bot’s admin in private', async () => {
    await handle(privateText('台账 导入', MANAGER));
    await handle(await roster());
    await handle(privateText('导出 台账', MANAGER));
    const text = async () => {
      const reply = box.replies.at(-1);
      if (reply?.content.kind !== 'file') throw new Error('no file sent');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(reply.content.file.bytes as unknown as ArrayBuffer);
      const cells: string[] = [];
      workbook.eachSheet((s) => s.eachRow((r) => r.eachCell((c) => void cells.push(String(c.text)))));
      return { name: reply.content.file.name, cells: cells.join('\n') };
    };
    const managers = await text();
    expect(managers.name).toBe('三项岗位人员持证台账_甲公司_2026-01-10.xlsx');
    expect(managers.cells).toContain('440305********0468');
    expect(managers.cells).not.toContain(CHEN);
    const adminConfig = { ...config, enterprises: { ...config.enterprises, 'admin-1': '甲公司' } };
    const adminHandler = await createChatHandler({ config: adminConfig, services: svc, send: box.send });
    await adminHandler.handle(privateText('导出 台账', ADMIN));
    expect((await text()).cells).toContain(CHEN);
  });

  it('switches the reminders off and on, and 提醒 shows what is due now', async () => {
    await handle(privateText('台账 导入', MANAGER));
    await handle(await roster());
    await handle(privateText('提醒 关', MANAGER));
    expect(last()).toContain('已关闭「甲公司」的持证提醒');
    expect(ledger.book('甲公司')?.remindersOff).toBe(true);
    await handle(privateText('提醒 开', MANAGER));
    expect(last()).toContain('已打开「甲公司」的持证提醒：每天 9:00');
    expect(ledger.book('甲公司')?.remindersOff).toBeUndefined();
    // The scripted certificates run to 2028-03-01: on 2026-01-10 nothing is due.
    await handle(privateText('提醒', MANAGER));
    expect(last()).toBe('「甲公司」目前没有需要提醒的到期事项。');
    await ledger.change('甲公司', (book) => {
      const chen = book.people.find((p) => p.idNumber === CHEN);
      if (chen?.latest?.certificate) chen.latest.certificate.validUntil = '2026-02-01';
    });
    await handle(privateText('提醒', MANAGER));
    expect(last()).toContain(
      '陈静 440305********0468 制冷与空调设备运行操作作业（电气车间）：2026-02-01 到期，还有 22 天，请在有效期届满前办理延期复审换证',
    );
    // Told now, it is not pushed again at the digest hour.
    expect(Object.keys(ledger.book('甲公司')?.sent ?? {})).toHaveLength(1);
  });

  it('marks a person as left, keeping the history, and says so when nobody matched', async () => {
    await handle(privateText('台账 导入', MANAGER));
    await handle(await roster());
    await handle(groupText(`离职 ${CHEN}`));
    expect(last()).toBe('该功能仅限管理员使用。');
    await handle(privateText(`离职 ${CHEN}`, MANAGER));
    expect(last()).toBe('已把 1 人标记为离职（2026-01-10）：历史记录保留，不再复查和提醒。');
    const chen = ledger.book('甲公司')?.people.find((p) => p.idNumber === CHEN);
    expect(chen).toMatchObject({ left: '2026-01-10', history: [{ to: 'valid' }] });
    await handle(privateText('台账', MANAGER));
    expect(last()).toContain('在册 30 人，已离职 1 人');
    await handle(privateText(`离职 ${CHEN}`, MANAGER));
    expect(last()).toBe('「甲公司」台账中没有这些在职人员，未作改动。');
    await handle(privateText('离职 张三', MANAGER));
    expect(last()).toContain('请写明离职人员的身份证号');
  });

  it('lists the ledger words in the help: all of them for a manager, 台账 alone for others', async () => {
    await handle(privateText('帮助', MANAGER));
    expect(last()).toContain('“台账 导入”');
    await handle(groupText('帮助'));
    expect(last()).toContain('发送“台账”查看本单位持证台账');
    expect(last()).not.toContain('台账 导入');
  });
});
