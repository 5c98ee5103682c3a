import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatConfig } from '../../../src/chat/core/access.js';
import { createChatHandler } from '../../../src/chat/core/handler.js';
import { ChatOperatorChannel } from '../../../src/chat/core/operator-channel.js';
import { InputError } from '../../../src/domain/errors.js';
import type { ParsedQuery } from '../../../src/domain/query.js';
import {
  chatConfig,
  FakePipeline,
  groupText,
  ID_A,
  ID_B,
  outbox,
  privateFile,
  privateText,
  services,
  type TestServices,
  tempDir,
  verdict,
} from '../helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
let open: TestServices[] = [];
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(async () => {
  for (const svc of open) await svc.store.close();
  open = [];
  await cleanup();
});

/** Services over the test's data directory; a second call is a restart (the first store is closed). */
async function reopen(pipeline?: FakePipeline): Promise<TestServices> {
  for (const svc of open) await svc.store.close();
  const svc = await services(dir, pipeline);
  open = [svc];
  return svc;
}

async function setup(config: Partial<ChatConfig> = {}, given?: TestServices) {
  const svc = given ?? (await reopen());
  const box = outbox();
  const handler = await createChatHandler({ config: chatConfig(config), services: svc, send: box.send });
  return { handler, svc, box };
}

describe('queries', () => {
  it('answers a private query with the full ID, passing who asked to the pipeline (which audits it)', async () => {
    const { handler, svc, box } = await setup();
    await handler.handle(privateText(`张三 ${ID_A}`));
    expect(box.texts()).toHaveLength(1);
    expect(box.texts()[0]).toContain(`✅ 有效｜张三 ${ID_A}`);
    expect(box.replies[0]?.to).toEqual({ userId: 'user-1', userName: '李经理' });
    expect(svc.pipeline.calls[0]?.ctx).toEqual({
      requester: { channel: 'chat', userId: 'user-1', userName: '李经理' },
      today: '2026-01-10',
    });
  });

  it('several numbers in one message get one reply listing each', async () => {
    const { handler, svc, box } = await setup();
    svc.pipeline.statusOf.set(ID_B, 'not_found');
    await handler.handle(privateText(`张三 ${ID_A}\n李四 ${ID_B}`));
    expect(box.texts()).toHaveLength(1);
    expect(box.texts()[0]).toMatch(/^共核验 2 个证件号/);
    expect(box.texts()[0]).toContain('❌ 未查到｜李四');
    // A list of people presents no certificate: nothing found among them is no accusation.
    expect(svc.pipeline.calls.map((c) => c.query.claim)).toEqual([undefined, undefined]);
  });

  it('one person asked about presents the card in hand; a T-number presents that number', async () => {
    const { handler, svc } = await setup();
    await handler.handle(privateText(`张三 ${ID_A}`));
    await handler.handle(privateText(`李四 T${ID_B}`));
    expect(svc.pipeline.calls.map((c) => c.query.claim)).toEqual(['asked', 'number']);
  });

  it('an invalid number is answered with why, without a lookup budget', async () => {
    const { handler, box } = await setup();
    await handler.handle(privateText('张三 110105194912310021'));
    expect(box.texts()[0]).toContain('❗ 证件号无效');
    expect(box.texts()[0]).toContain('校验位');
  });

  it('chatter without numbers gets a hint', async () => {
    const { handler, box } = await setup();
    await handler.handle(privateText('你好'));
    expect(box.texts()[0]).toContain('发送“帮助”查看用法');
  });
});

describe('groups', () => {
  it('answers only when mentioned, and masks the ID', async () => {
    const { handler, svc, box } = await setup();
    await handler.handle(groupText(`张三 ${ID_A}`, false));
    expect(box.replies).toHaveLength(0);
    expect(svc.pipeline.calls).toHaveLength(0);
    await handler.handle(groupText(`张三 ${ID_A}`, true));
    const text = box.texts()[0] ?? '';
    expect(text).toContain('110105********002X');
    expect(text).not.toContain(ID_A);
    expect(box.replies[0]?.to.roomId).toBe('room-1@chatroom');
  });

  it('answers un-mentioned group messages when groupsNeedMention is off', async () => {
    const { handler, box } = await setup({ groupsNeedMention: false });
    await handler.handle(groupText(`张三 ${ID_A}`, false));
    expect(box.texts()).toHaveLength(1);
  });
});

describe('access', () => {
  it('refuses a stranger politely when strangers: refuse', async () => {
    const { handler, svc, box } = await setup({ allowedContacts: ['user-9'] });
    await handler.handle(privateText(`张三 ${ID_A}`));
    expect(box.texts()).toEqual([expect.stringContaining('仅为已登记的企业和人员提供')]);
    expect(svc.pipeline.calls).toHaveLength(0);
  });

  it('ignores a stranger when strangers: ignore, but lets a listed contact (by id) and admins in', async () => {
    const { handler, box } = await setup({ allowedContacts: ['user-1'], strangers: 'ignore' });
    await handler.handle(privateText(`张三 ${ID_A}`, { id: 'x', name: '路人' }));
    await handler.handle(privateText(`张三 ${ID_A}`, { id: 'x', name: 'user-1' }));
    expect(box.replies).toHaveLength(0);
    await handler.handle(privateText(`张三 ${ID_A}`));
    await handler.handle(privateText(`张三 ${ID_A}`, { id: 'admin-1', name: '管理员' }));
    expect(box.texts()).toHaveLength(2);
  });

  it('allowedRooms limits groups', async () => {
    const { handler, box } = await setup({ allowedRooms: ['另一个群'] });
    await handler.handle(groupText(`张三 ${ID_A}`));
    expect(box.texts()[0]).toContain('仅为已登记');
  });
});

describe('commands', () => {
  it('我的ID tells anyone, even a refused stranger, their own id and the room id, and nothing else', async () => {
    const { handler, svc, box } = await setup({ allowedContacts: ['user-9'], allowedRooms: ['room-9'] });
    await handler.handle({ ...privateText('我的ID', { id: 'wxid_abc', name: '路人' }), door: 'wechaty' });
    await handler.handle(groupText('myid'));
    await handler.handle(groupText('我的id', false));
    expect(box.texts()).toEqual([
      expect.stringContaining('您的 ID：wechaty:wxid_abc'),
      expect.stringMatching(/您的 ID：user-2\n本群 ID：room-1@chatroom/),
    ]);
    expect(svc.pipeline.calls).toHaveLength(0);
  });

  it('帮助 lists what the bot does; admins also see exports', async () => {
    const { handler, box } = await setup();
    await handler.handle(privateText('帮助'));
    await handler.handle(privateText('帮助', { id: 'admin-1', name: '管理员' }));
    expect(box.texts()[0]).toContain('xlsx / xls / et / ods / csv 花名册');
    expect(box.texts()[0]).not.toContain('导出');
    expect(box.texts()[1]).toContain('导出 类型');
    expect(box.texts()[1]).toContain('问题清单');
  });

  it('统计 counts this enterprise’s verdicts and findings', async () => {
    const { handler, svc, box } = await setup({ enterprises: { 'room-1@chatroom': '甲建筑公司' } });
    svc.pipeline.statusOf.set(ID_B, 'expired');
    await handler.handle(groupText(`张三 ${ID_A}\n李四 ${ID_B}`));
    const finding = (status: 'expired' | 'not_found', enterprise: string) => ({
      status,
      idNumber: ID_B,
      enterprise,
      requester: { channel: 'chat' as const },
      reasons: [],
      evidence: { platformSaid: '', certificates: [] },
    });
    await svc.store.findings.record(finding('expired', '甲建筑公司'), svc.now());
    await svc.store.findings.record(finding('not_found', '乙公司'), svc.now());
    await handler.handle(groupText('统计'));
    const text = box.texts()[1] ?? '';
    expect(text).toContain('【甲建筑公司核验统计】');
    expect(text).toContain('累计核验 2 人次');
    expect(text).toContain('✅ 有效 1');
    expect(text).toContain('⚠️ 已过期 1');
    expect(text).toContain('问题记录：1 条（已过期 1）');
    expect(svc.pipeline.calls[0]?.ctx.requester.enterprise).toBe('甲建筑公司');
  });

  it('the counter survives a restart', async () => {
    const first = await setup();
    await first.handler.handle(privateText(`张三 ${ID_A}`));
    const second = await setup({}, await reopen());
    await second.handler.handle(privateText('统计'));
    expect(second.box.texts()[0]).toContain('累计核验 1 人次');
  });

  it('导出 is for admins; an admin gets the report file', async () => {
    const { handler, svc, box } = await setup();
    await handler.handle(privateText('导出 问题清单'));
    expect(box.texts()[0]).toBe('该功能仅限管理员使用。');
    await handler.handle(privateText('导出 问题清单', { id: 'admin-1', name: '管理员' }));
    expect(svc.exports).toEqual([expect.objectContaining({ kind: 'problems', fullIds: true })]);
    const file = box.replies[1];
    expect(file?.content.kind === 'file' && file.content.file.name).toBe('problems.xlsx');
    await handler.handle(privateText('导出 不存在', { id: 'admin-1', name: '管理员' }));
    expect(box.texts()[1]).toContain('可选：问题清单 / 检查表 / 线索清单 / 月度统计 / 问题记录 / 自查报告');
  });

  it('an export an admin asks for in a group masks the ID numbers: the file reaches everyone in it', async () => {
    const { handler, svc } = await setup();
    await handler.handle(groupText('导出 问题清单', true, { id: 'admin-1', name: '管理员' }));
    await handler.handle(privateText('导出 问题清单', { id: 'admin-1', name: '管理员' }));
    expect(svc.exports.map((e) => e.fullIds)).toEqual([false, true]);
  });

  it('a roster an admin sends in a group comes back with masked ID numbers, as in private with full ones', async () => {
    const { handler, svc } = await setup();
    const admin = { id: 'admin-1', name: '管理员' };
    const inGroup = {
      ...privateFile('花名册.xlsx', admin),
      room: { id: 'room-1@chatroom', topic: '安全生产群' },
    };
    await handler.handle({ ...inGroup, mentioned: true });
    await handler.handle(privateFile('花名册.xlsx', admin));
    expect(svc.batches.map((b) => b.fullIds)).toEqual([false, true]);
  });

  it('导出 自查报告 sends an admin the 自查整改报告; others are refused like every export', async () => {
    const { handler, svc, box } = await setup();
    await handler.handle(privateText('导出 自查报告'));
    expect(box.texts()).toEqual(['该功能仅限管理员使用。']);
    expect(svc.exports).toEqual([]);
    await handler.handle(privateText('导出 自查报告', { id: 'admin-1', name: '管理员' }));
    expect(svc.exports).toEqual([expect.objectContaining({ kind: 'report', fullIds: true })]);
    expect(box.replies[1]?.content.kind).toBe('file');
  });

  it('a roster starts a batch: start message, progress, result file, summary', async () => {
    const { handler, svc, box } = await setup();
    await handler.handle(privateFile('花名册.xlsx'));
    expect(svc.batches[0]?.file.name).toBe('花名册.xlsx');
    expect(
      box.replies.map((r) => (r.content.kind === 'text' ? r.content.text.slice(0, 6) : r.content.file.name)),
    ).toEqual(['已收到花名册', '核验进度 1', '结果-花名册.xlsx', '核验完成：共']);
  });

  it('an unreadable roster is answered with the reader’s message', async () => {
    const { handler, svc, box } = await setup();
    svc.runBatch = async () => {
      throw new InputError('名单中没有找到身份证号列');
    };
    await handler.handle(privateFile('名单.csv'));
    expect(box.texts().at(-1)).toBe('名单中没有找到身份证号列');
  });

  it('other files: only rosters in the office formats', async () => {
    const { handler, svc, box } = await setup();
    await handler.handle(privateFile('说明.pdf'));
    expect(box.texts()[0]).toContain('只支持 xlsx / xls / et / ods / csv 花名册');
    expect(svc.batches).toHaveLength(0);
  });

  it('a file named as a picture goes to the photo flow, which says when it is no picture', async () => {
    const { handler, svc, box } = await setup();
    await handler.handle(privateFile('照片-1234.jpg'));
    await handler.handle(privateFile('截图.PNG'));
    expect(box.texts()).toHaveLength(2);
    for (const text of box.texts()) {
      expect(text).toContain('不是能识别的图片');
      expect(text).not.toContain('只支持');
    }
    expect(svc.batches).toHaveLength(0);
  });
});

describe('rate limit', () => {
  it('counts IDs per user per hour and says when to come back', async () => {
    const { handler, svc, box } = await setup({ maxQueriesPerHour: 2 });
    await handler.handle(privateText(`张三 ${ID_A}`));
    await handler.handle(privateText(`张三 ${ID_A}\n李四 ${ID_B}`));
    expect(svc.pipeline.calls).toHaveLength(2);
    expect(box.texts()[1]).toContain(
      '每人每小时最多核验 2 个证件号，已达上限，本条有 1 个未核验。请在 11:00 以后再发送。',
    );
    await handler.handle(privateText(`李四 ${ID_B}`, { id: 'user-3', name: '别人' }));
    expect(svc.pipeline.calls).toHaveLength(3);
    svc.clock.ms += 3_600_001;
    await handler.handle(privateText(`李四 ${ID_B}`));
    expect(svc.pipeline.calls).toHaveLength(4);
  });
});

describe('names', () => {
  it('asks for a missing name, and the next bare name completes the query', async () => {
    const { handler, svc, box } = await setup();
    await handler.handle(privateText(ID_A));
    expect(box.texts()[0]).toContain(`请补充 ${ID_A} 的持证人姓名`);
    expect(svc.pipeline.calls).toHaveLength(0);
    await handler.handle(privateText('张三'));
    expect(svc.pipeline.calls[0]?.query).toMatchObject({ idNumber: ID_A, name: '张三' });
    expect(box.texts()[1]).toContain(`✅ 有效｜张三 ${ID_A}`);
  });

  it('asks one by one for several missing names', async () => {
    const { handler, svc, box } = await setup();
    await handler.handle(privateText(`${ID_A}\n${ID_B}`));
    expect(box.texts()[0]).toContain('另有 1 个证件号待补充姓名');
    await handler.handle(privateText('张三'));
    expect(box.texts()[1]).toContain(`请补充 ${ID_B} 的持证人姓名`);
    await handler.handle(privateText('李四'));
    expect(svc.pipeline.calls.map((c) => c.query.name)).toEqual(['张三', '李四']);
  });

  it('uses a known name for an admin and for the enterprise holding the person; asks anyone else', async () => {
    const { handler, svc, box } = await setup({ enterprises: { 'user-5': '甲公司', 'user-6': '乙公司' } });
    svc.pipeline.names.set(ID_A, '王建国');
    svc.pipeline.heldBy.set(ID_A, ['甲公司']);
    await handler.handle(privateText(ID_A, { id: 'admin-1', name: '管理员' }));
    await handler.handle(privateText(ID_A, { id: 'user-5', name: '甲公司安全员' }));
    await handler.handle(privateText(ID_A, { id: 'user-6', name: '乙公司安全员' }));
    await handler.handle(privateText(`T${ID_A}`));
    const [admin, holder, other, stranger] = box.texts();
    expect(admin).toContain(`✅ 有效｜王建国 ${ID_A}`);
    expect(holder).toContain(`✅ 有效｜王建国 ${ID_A}`);
    for (const text of [other, stranger]) {
      expect(text).toContain(`请补充 ${ID_A} 的持证人姓名`);
      expect(text).not.toContain('王建国');
    }
    expect(svc.pipeline.calls).toHaveLength(2);
  });

  it('a wrong name shows the registered one only to those who may see it, and counts double', async () => {
    const { handler, svc, box } = await setup({ maxQueriesPerHour: 3 });
    const mismatch = (query: ParsedQuery) =>
      verdict(query, 'name_mismatch', {
        registeredNames: ['张三'],
        heldBy: ['甲公司'],
        reasons: ['姓名与登记信息不一致：该身份证号的证书不在所填姓名「李四」名下'],
      });
    svc.pipeline.verify = async (query, ctx) => {
      svc.pipeline.calls.push({ query, ctx });
      return mismatch(query);
    };
    await handler.handle(privateText(`李四 ${ID_A}`, { id: 'admin-1', name: '管理员' }));
    expect(box.texts()[0]).toContain('登记姓名：「张三」');
    await handler.handle(privateText(`李四 ${ID_A}`));
    await handler.handle(groupText(`李四 ${ID_A}`, true, { id: 'user-1', name: '李经理' }));
    const [, first, second] = box.texts();
    expect(first).toContain('姓名与登记信息不一致');
    expect(first).not.toContain('张三');
    // 3 an hour: the first guess took 2, the second 1 of the 1 left (and its mismatch the rest).
    expect(second).not.toContain('张三');
    await handler.handle(privateText(`王五 ${ID_A}`));
    expect(box.texts()[3]).toContain('已达上限');
    expect(svc.pipeline.calls).toHaveLength(3);
  });

  it('forgets a pending query after a while, and keeps users apart', async () => {
    const { handler, svc, box } = await setup();
    await handler.handle(privateText(ID_A));
    await handler.handle(privateText('张三', { id: 'user-3', name: '别人' }));
    svc.clock.ms += 11 * 60_000;
    await handler.handle(privateText('张三'));
    expect(svc.pipeline.calls).toHaveLength(0);
    expect(
      box
        .texts()
        .slice(1)
        .every((t) => t.includes('没有识别到证件号')),
    ).toBe(true);
  });
});

describe('names as people type them', () => {
  it('takes no chatter for the name, and asks for it', async () => {
    const { handler, svc, box } = await setup();
    await handler.handle(privateText(`${ID_A} 是真的吗`));
    await handler.handle(privateText(`帮我看看 ${ID_B}`));
    expect(svc.pipeline.calls).toHaveLength(0);
    expect(box.texts()[0]).toContain(`请补充 ${ID_A} 的持证人姓名`);
  });

  it('answers 不知道 to the name prompt by saying the name is needed, and keeps the query waiting', async () => {
    const { handler, svc, box } = await setup();
    await handler.handle(privateText(ID_A));
    await handler.handle(privateText('不知道'));
    await handler.handle(privateText('王师傅'));
    expect(svc.pipeline.calls).toHaveLength(0);
    expect(box.texts()[1]).toContain('没有收到姓名');
    expect(box.texts()[1]).toContain(ID_A);
    expect(box.texts()[2]).toContain('没有收到姓名');
    await handler.handle(privateText('张 三'));
    expect(svc.pipeline.calls.map((c) => c.query)).toMatchObject([{ idNumber: ID_A, name: '张三' }]);
  });

  it('takes the name out of a sentence answering the name prompt', async () => {
    const { handler, svc } = await setup();
    await handler.handle(privateText(`${ID_A}\n${ID_B}`));
    await handler.handle(privateText('他叫张三'));
    await handler.handle(privateText('姓名：李四'));
    expect(svc.pipeline.calls.map((c) => [c.query.idNumber, c.query.name])).toEqual([
      [ID_A, '张三'],
      [ID_B, '李四'],
    ]);
  });

  it('drops the spaces inside a name written before the number', async () => {
    const { handler, svc } = await setup();
    await handler.handle(privateText(`张 三 ${ID_A}`));
    expect(svc.pipeline.calls[0]?.query).toMatchObject({ idNumber: ID_A, name: '张三' });
  });

  it('asks for each name when a list of names came before a list of numbers', async () => {
    const { handler, svc, box } = await setup();
    await handler.handle(privateText(`张三、李四：${ID_A}、${ID_B}`));
    expect(svc.pipeline.calls).toHaveLength(0);
    expect(box.texts()[0]).toContain(`请补充 ${ID_A} 的持证人姓名`);
    expect(box.texts()[0]).toContain('无法确定哪个姓名对应哪个证件号');
    await handler.handle(privateText('张三'));
    await handler.handle(privateText('李四'));
    expect(svc.pipeline.calls.map((c) => [c.query.idNumber, c.query.name])).toEqual([
      [ID_A, '张三'],
      [ID_B, '李四'],
    ]);
  });

  it('hints at what a lone safety certificate number is', async () => {
    const { handler, box } = await setup();
    await handler.handle(privateText('12345678901234'));
    expect(box.texts()[0]).toContain('安全生产知识和管理能力考核合格证');
    expect(box.texts()[0]).not.toContain('没有识别到证件号');
  });
});

describe('unverifiable queries', () => {
  it('are queued and answered later by retryPending, even after a restart', async () => {
    const pipeline = new FakePipeline();
    pipeline.statusOf.set(ID_A, 'unverifiable');
    const first = await setup({}, await reopen(pipeline));
    await first.handler.handle(groupText(`张三 ${ID_A}`));
    expect(first.box.texts()[0]).toContain('❓ 暂时无法核验');
    expect(await first.handler.retryPending()).toBe(0);
    expect(first.box.texts()).toHaveLength(1);

    pipeline.statusOf.set(ID_A, 'valid');
    const second = await setup({}, await reopen(pipeline));
    expect(await second.handler.retryPending()).toBe(1);
    const follow = second.box.replies[0];
    expect(follow?.to).toMatchObject({ userId: 'user-2', roomId: 'room-1@chatroom' });
    const text = follow?.content.kind === 'text' ? follow.content.text : '';
    expect(text).toContain('之前暂时无法核验的证件已有结果');
    expect(text).toContain('✅ 有效｜张三 110105********002X');
    expect(text).not.toContain(ID_A);

    const third = await setup({}, await reopen(pipeline));
    expect(await third.handler.retryPending()).toBe(0);
    expect(third.box.replies).toHaveLength(0);
  });

  it('are given up after the maximum age with a message', async () => {
    const pipeline = new FakePipeline();
    pipeline.statusOf.set(ID_A, 'unverifiable');
    const svc = await reopen(pipeline);
    const { handler, box } = await setup({}, svc);
    await handler.handle(privateText(`张三 ${ID_A}`));
    svc.clock.ms += 25 * 3_600_000;
    await handler.retryPending();
    expect(box.texts()[1]).toContain('已停止自动重试');
    expect(pipeline.calls).toHaveLength(1);
  });
});

describe('failures', () => {
  it('an exception in the pipeline gets an apology, and the next message is answered', async () => {
    const { handler, svc, box } = await setup();
    svc.pipeline.failNext = new Error(`boom ${ID_A}`);
    await expect(handler.handle(privateText(`张三 ${ID_A}`))).resolves.toBeUndefined();
    expect(box.texts()[0]).toBe('抱歉，处理这条消息时出错了，请稍后再试。');
    await handler.handle(privateText(`张三 ${ID_A}`));
    expect(box.texts()[1]).toContain('✅ 有效');
  });
});

describe('captcha operator', () => {
  it('sends the image to the first admin and takes the admin’s 4-digit reply', async () => {
    const box = outbox();
    const operator = new ChatOperatorChannel('admin-1');
    operator.connect(box.send);
    const svc = await reopen();
    const handler = await createChatHandler({
      config: chatConfig(),
      services: svc,
      send: box.send,
      operator,
    });
    const answer = operator.ask(Buffer.from('png'), 5_000);
    await vi.waitFor(() => expect(box.replies).toHaveLength(2), { timeout: 5_000 });
    expect(box.texts()[0]).toContain('请回复上图中的 4 位数字验证码');
    expect(box.replies[0]?.to).toEqual({ userId: 'admin-1' });
    expect(box.replies[0]?.content.kind).toBe('file');
    await handler.handle(privateText('１２３４', { id: 'user-1', name: '李经理' }));
    await handler.handle(privateText('１２３４', { id: 'admin-1', name: '管理员' }));
    await expect(answer).resolves.toBe('1234');
    expect(box.texts().some((t) => t.includes('没有识别到证件号'))).toBe(true);
  });

  it('asks a DOOR:ID admin through that door and takes the answer only from it', async () => {
    const box = outbox();
    const operator = new ChatOperatorChannel('wecom:admin-1');
    operator.connect(box.send);
    const answer = operator.ask(Buffer.from('png'), 5_000);
    await vi.waitFor(() => expect(box.replies).toHaveLength(2), { timeout: 5_000 });
    expect(box.replies.map((r) => r.to)).toEqual([
      { userId: 'admin-1', door: 'wecom' },
      { userId: 'admin-1', door: 'wecom' },
    ]);
    expect(operator.receive({ id: 'admin-1', name: '管理员' }, '1234', 'mp')).toBe(false);
    expect(operator.receive({ id: 'admin-1', name: '管理员' }, '1234', 'wecom')).toBe(true);
    await expect(answer).resolves.toBe('1234');
  });

  it('fails with a captcha error when nobody answers in time', async () => {
    const operator = new ChatOperatorChannel('admin-1');
    operator.connect(() => {});
    await expect(operator.ask(Buffer.from('png'), 20)).rejects.toMatchObject({ code: 'captcha_failed' });
    await expect(new ChatOperatorChannel(undefined).ask(Buffer.from('png'), 20)).rejects.toMatchObject({
      code: 'captcha_failed',
    });
  });
});
