import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createChatHandler } from '../../../../src/chat/core/handler.js';
import { runConsole } from '../../../../src/chat/transports/console/index.js';
import { chatConfig, ID_A, services, tempDir } from '../../helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(() => cleanup());

async function run(lines: string[], admins: string[] = []) {
  const svc = await services(dir);
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => {
    printed += chunk.toString('utf8');
  });
  let closed = false;
  await runConsole({
    input: Readable.from([`${lines.join('\n')}\n`]),
    output,
    handler: async (send) => ({
      handler: await createChatHandler({ config: chatConfig({ admins }), services: svc, send }),
      close: async () => {
        closed = true;
        await svc.store.close();
      },
    }),
    user: '测试员',
    saveDir: join(dir, 'out'),
    maxMessageChars: 1800,
  });
  return { printed, svc, closed };
}

describe('console', () => {
  it('answers piped lines, then closes the services at the end of input', async () => {
    const { printed, closed } = await run(['帮助', `张三 ${ID_A}`]);
    expect(printed).toContain('🤖 → 测试员');
    expect(printed).toContain('xlsx / xls / et / ods / csv 花名册');
    expect(printed).toContain(`✅ 有效｜张三 ${ID_A}`);
    expect(closed).toBe(true);
  });

  it('answers every piped line: a reply queued right after the previous send settled is printed too', async () => {
    const { printed } = await run(['帮助', '统计']);
    const replies = printed.split('🤖 → ').slice(1);
    expect(replies).toHaveLength(2);
    expect(replies[0]).toContain('xlsx / xls / et / ods / csv 花名册');
    expect(replies[1]).toContain('统计');
  });

  it('/room moves into a group (masked replies, mentioned), /nomention is ignored, /room alone goes back', async () => {
    const { printed } = await run([
      '/room 安全生产群',
      `张三 ${ID_A}`,
      '/nomention',
      `李四 ${ID_A}`,
      '/room',
      `王五 ${ID_A}`,
    ]);
    expect(printed).toContain('🤖 → 安全生产群 @测试员');
    expect(printed).toContain('张三 110105********002X');
    expect(printed).not.toContain('李四');
    expect(printed).toContain(`王五 ${ID_A}`);
  });

  it('/as switches the sender (an admin can export; the file is saved)', async () => {
    const { printed } = await run(['导出 检查表', '/as 管理员', '导出 检查表'], ['管理员']);
    expect(printed).toContain('🤖 → 测试员\n该功能仅限管理员使用。');
    const saved = join(dir, 'out', 'checklist.xlsx');
    expect(printed).toContain(`📎 文件已保存：${saved}`);
    expect(await readFile(saved, 'utf8')).toBe('report');
  });

  it('/file sends a file; a missing file is reported', async () => {
    const roster = join(dir, '名单.csv');
    await writeFile(roster, '姓名,身份证号\n');
    const { printed, svc } = await run([`/file ${roster}`, `/file ${join(dir, 'nope.csv')}`]);
    expect(svc.batches[0]?.file.name).toBe('名单.csv');
    expect(printed).toContain(`📎 文件已保存：${join(dir, 'out', '结果-名单.csv')}`);
    expect(printed).toContain('无法读取文件');
  });
});
