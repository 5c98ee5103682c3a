/**
 * End to end through the WeCom intelligent robot: the real SDK connects to the fake of WeCom's side, the real
 * host, handler and services answer against the simulator. A query, a name prompt and its answer, a roster file
 * in and the annotated roster out, an @-mention in a group; and a stranger learns no holder's name.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { textMessage } from '../fakes/mp-callback-driver.js';
import type { BotFrame } from '../fakes/wecom-bot-server.js';
import { annotatedRows } from './annotated-rows.js';
import {
  MP_ADMIN,
  type Platform,
  type RunningBot,
  recorded,
  SAMPLES,
  startBot,
  startPlatform,
  startTencent,
  type Tencent,
  WECOM_ADMIN,
  workbookText,
  ZHANG_WEI,
} from './doors-on-simulator.js';

const { idNumber: ID } = ZHANG_WEI;
/** WeCom markdown shows the mask's asterisks full-width (markdown.ts). */
const MASKED = '110105＊＊＊＊＊＊＊＊0135';
const STRANGER = 'lu-ren-jia';
const GROUP = 'wrgroup-anquan';

let platform: Platform;
let tencent: Tencent;
let bot: RunningBot;
beforeEach(async () => {
  platform = await startPlatform();
  tencent = await startTencent(platform);
});
afterEach(async () => {
  await bot?.stop();
  await tencent.close();
  await platform.close();
});

/** The text of a stream reply or a proactive markdown message. */
function textOf(frame: BotFrame): string {
  return frame.body?.stream?.content ?? frame.body?.markdown?.content ?? '';
}

/** Send `text` and resolve with the stream reply on its own frame. */
async function ask(from: { userid: string; chatid?: string }, text: string): Promise<string> {
  const reqId = tencent.wecom.text(from, text);
  const reply = await tencent.wecom.next('aibot_respond_msg');
  expect(reply.headers.req_id).toBe(reqId);
  expect(reply.body).toMatchObject({ msgtype: 'stream', stream: { finish: true } });
  return textOf(reply);
}

/** The annotated roster's rows as 姓名 → 核验结论. */
async function statuses(bytes: Buffer): Promise<Map<string, string>> {
  const named = (await annotatedRows(bytes)).filter((row) => row.姓名);
  return new Map(named.map((row) => [row.姓名 ?? '', row.核验结论 ?? '']));
}

/** The 问题清单's lines as 存在问题 and 整改措施, found by their headers. */
async function problemLines(bytes: Buffer): Promise<Array<{ problem: string; measure: string }>> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const out: Array<{ problem: string; measure: string }> = [];
  let header: string[] | undefined;
  book.worksheets[0]?.eachRow((row) => {
    const cells = Array.from({ length: row.cellCount }, (_, i) => row.getCell(i + 1).text);
    if (!header) {
      if (cells.includes('存在问题')) header = cells;
      return;
    }
    const problem = cells[header.indexOf('存在问题')];
    if (problem && /^\d+$/.test(cells[0] ?? '')) {
      out.push({ problem, measure: cells[header.indexOf('整改措施')] ?? '' });
    }
  });
  return out;
}

describe('WeCom robot, end to end', () => {
  it('answers a query in single chat as a finished stream with the verdict', async () => {
    bot = await startBot(platform, ['wecom']);
    const answer = await ask({ userid: STRANGER }, `张伟 ${ID}`);
    expect(answer).toContain(`✅ 有效｜张伟 ${ID}`);
    expect(answer).toContain('低压电工作业');
    expect(platform.simulator.stats().answered).toBeGreaterThan(0);
  });

  it('asks for the name of a bare ID, then answers once the name comes', async () => {
    bot = await startBot(platform, ['wecom']);
    const prompt = await ask({ userid: STRANGER }, ID);
    expect(prompt).toContain(`请补充 ${ID} 的持证人姓名`);
    const answer = await ask({ userid: STRANGER }, '张伟');
    expect(answer).toContain(`✅ 有效｜张伟 ${ID}`);
  });

  it('takes a roster file in single chat and sends the annotated roster back, its 问题清单 beside it', {
    // A whole roster through the platform: 18 s beside a busy loop on two cores.
    timeout: 120_000,
  }, async () => {
    bot = await startBot(platform, ['wecom']);
    const roster = await readFile(join(SAMPLES, 'roster-demo.xlsx'));
    const reqId = tencent.wecom.file({ userid: WECOM_ADMIN }, roster, 'roster-demo.xlsx');
    const started = await tencent.wecom.next('aibot_respond_msg');
    expect(started.headers.req_id).toBe(reqId);
    expect(textOf(started)).toContain('已收到花名册“roster-demo.xlsx”');

    const sent: BotFrame[] = [];
    // Progress lines come first, then the file.
    while (!sent.some((f) => f.body?.msgtype === 'file')) {
      sent.push(await tencent.wecom.next('aibot_send_msg'));
    }
    expect(textOf(sent[0] as BotFrame)).toContain('开始核验名单：共 33 人');
    const file = sent.at(-1) as BotFrame;
    expect(file.body).toMatchObject({ chatid: WECOM_ADMIN, msgtype: 'file' });
    const bytes = tencent.wecom.media(file.body.file.media_id);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const rows = await statuses(bytes);
    expect(rows.size).toBeGreaterThanOrEqual(30);
    expect(rows.get('张伟')).toBe('有效');
    expect(rows.get('林小明')).toBe('未查到');
    expect(rows.get('刘洋')).toBe('逾期未复审');

    // The problem list follows the roster: every row not plainly valid is a line of it, with its measure.
    const listFrame = await tencent.wecom.next('aibot_send_msg');
    expect(listFrame.body).toMatchObject({ chatid: WECOM_ADMIN, msgtype: 'file' });
    const list = await problemLines(tencent.wecom.media(listFrame.body.file.media_id));
    const flagged = [...rows].filter(([, status]) => status !== '有效').map(([name]) => name);
    expect(flagged.length).toBeGreaterThanOrEqual(14);
    for (const name of flagged)
      expect(
        list.some((l) => l.problem.includes(name)),
        name,
      ).toBe(true);
    expect(list.find((l) => l.problem.startsWith('陈静'))?.measure).toBe(
      '在有效期届满前换领新证，到期后不得继续从事该作业',
    );

    const summary = await tencent.wecom.next('aibot_send_msg');
    expect(summary.body).toMatchObject({ chatid: WECOM_ADMIN, msgtype: 'markdown' });
    expect(textOf(summary)).toMatch(/已核验 33 行：有效 \d+/);
    const uploads = tencent.wecom.calls.filter((c) => c.cmd === 'aibot_upload_media_init');
    expect(uploads.map((u) => u.body.filename)).toEqual([
      'roster-demo.核验结果.xlsx',
      'roster-demo.自查自改问题清单.xlsx',
    ]);
  });

  it('answers an @-mention in a group with the ID masked', async () => {
    bot = await startBot(platform, ['wecom']);
    const answer = await ask({ userid: STRANGER, chatid: GROUP }, `@证件核验 张伟 ${ID}`);
    expect(answer).toContain(`✅ 有效｜张伟 ${MASKED}`);
    expect(answer).not.toContain(ID);
  });
});

describe('WeCom robot: a stranger learns no name', () => {
  it('by ID alone, by T+ID, by a wrong name, in single chat and in a group, and by a roster of bare IDs', async () => {
    bot = await startBot(platform, ['wecom', 'mp']);
    // The name is known to the bot: an admin checked it through the service account.
    const admin = await bot.wx.post(textMessage({ from: MP_ADMIN, content: `张伟 ${ID}`, msgId: '1' }));
    expect(admin.reply?.Content).toContain(`✅ 有效｜张伟 ${ID}`);
    const single = [
      await ask({ userid: STRANGER }, ID),
      await ask({ userid: STRANGER }, `T${ID}`),
      await ask({ userid: STRANGER }, `李四 ${ID}`),
    ];
    const inGroup = { userid: STRANGER, chatid: GROUP };
    const group = [
      await ask(inGroup, `@证件核验 ${ID}`),
      await ask(inGroup, `@证件核验 T${ID}`),
      await ask(inGroup, `@证件核验 李四 ${ID}`),
    ];
    expect(single[0]).toContain(`请补充 ${ID} 的持证人姓名`);
    expect(single[1]).toContain(`请补充 ${ID} 的持证人姓名`);
    expect(single[2]).toContain('姓名与登记信息不一致');
    expect(group[0]).toContain(`请补充 ${MASKED} 的持证人姓名`);
    expect(group[1]).toContain(`请补充 ${MASKED} 的持证人姓名`);
    expect(group[2]).toContain('姓名与登记信息不一致');
    for (const reply of group) expect(reply).not.toContain(ID);

    // A roster of bare IDs: the result says the name is missing, and names nobody.
    tencent.wecom.file({ userid: STRANGER }, Buffer.from(`姓名,身份证号\n,${ID}\n`), '名单.csv');
    await tencent.wecom.next('aibot_respond_msg');
    let result: BotFrame;
    do result = await tencent.wecom.next('aibot_send_msg');
    while (result.body?.msgtype !== 'file');
    const cells = await workbookText(tencent.wecom.media(result.body.file.media_id));
    expect(cells).toContain('缺少姓名');
    expect(cells).not.toContain('张伟');
    expect(recorded(tencent.wecom.calls)).not.toContain('张伟');
  });
});
