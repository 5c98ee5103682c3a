/**
 * End to end through the real command line: `cert-verify bot --console` as a child process against the
 * simulator (sample people, easy captchas read by the real OCR), and `cert-verify demo` with piped input.
 */
import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/load.js';
import { loadSimulatorData, type RunningSimulator, startSimulator } from '../../src/simulator/server.js';
import { readChildOutbox } from './child-outbox.js';
import { replies, runCli } from './console-cli.js';

const TODAY = '2026-11-24';
const SAMPLES = join(PROJECT_ROOT, 'data', 'samples');

/** Every cell's text in a workbook. */
async function workbookText(path: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const texts: string[] = [];
  for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((cell) => texts.push(cell.text)));
  return texts.join('\n');
}

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'cert-e2e-'));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

/**
 * The simulator with the sample people (easy captchas, read by the real OCR) for the tests of one describe
 * block; the flags pointing the CLI at it, with this test's data directory, on the sample data's date.
 */
function withSampleSimulator(): { flags: () => string[]; simulator: () => RunningSimulator } {
  let simulator: RunningSimulator | undefined;
  beforeAll(async () => {
    simulator = await startSimulator({
      data: await loadSimulatorData(join(SAMPLES, 'people.json')),
      captcha: 'easy',
    });
  });
  afterAll(() => simulator?.close());
  const started = () => {
    if (!simulator) throw new Error('the simulator has not started');
    return simulator;
  };
  return {
    simulator: started,
    flags: () => [
      '--data-dir',
      dataDir,
      '--lookup-url',
      started().url,
      '--min-interval-ms',
      '0',
      '--today',
      TODAY,
    ],
  };
}

describe('cert-verify bot --console', () => {
  const { flags, simulator } = withSampleSimulator();

  it('answers a conversation: valid, not found, help, invalid ID, and a roster file', {
    timeout: 120_000,
  }, async () => {
    const { code, stdout, stderr } = await runCli(
      ['bot', '--console', ...flags()],
      [
        '张伟 110105198503120135',
        '林小明 440106199203150014',
        '帮助',
        '张三 110105198503120136',
        `/file ${join(SAMPLES, 'roster-demo.csv')}`,
      ],
    );
    expect(code, stderr).toBe(0);
    const said = replies(stdout);

    const valid = said.find((r) => r.includes('｜张伟 '));
    expect(valid).toContain('✅ 有效｜张伟 110105198503120135');
    expect(valid).toContain('低压电工作业');
    // The simulator answers in the platform's field names; its certStatus reaches the reply.
    expect(valid).toContain('平台状态：有效');
    expect(valid).toContain('来源：全国平台');

    expect(said.find((r) => r.includes('｜林小明 '))).toContain('❌ 未查到');
    expect(said.find((r) => r.includes('核验】'))).toContain('发送“姓名 身份证号”即可核验');
    const invalid = said.find((r) => r.includes('｜张三 '));
    expect(invalid).toContain('❗ 证件号无效');
    expect(invalid).toContain('按前 17 位计算末位应为 5');

    const resultFile = join(dataDir, 'console-out', 'roster-demo.核验结果.xlsx');
    expect(stdout).toContain(`📎 文件已保存：${resultFile}`);
    expect(said.at(-1)).toMatch(/已核验 33 行：有效 \d+.*未查到 1，证件号无效 2/);
    const text = await workbookText(resultFile);
    for (const name of ['张伟', '林小明', '钱多']) expect(text).toContain(name);
    expect(text).toContain('未查到');
    expect(simulator().stats().answered).toBeGreaterThanOrEqual(31);
  });
});

describe('cert-verify bot --console, replies in quick succession', () => {
  it('prints the reply to every piped line (帮助 then 统计)', { timeout: 120_000 }, async () => {
    const { code, stdout, stderr } = await runCli(
      ['bot', '--console', '--data-dir', dataDir, '--today', TODAY],
      ['帮助', '统计'],
    );
    expect(code, stderr).toBe(0);
    const said = replies(stdout);
    expect(said).toHaveLength(2);
    expect(said[0]).toContain('发送“姓名 身份证号”即可核验');
    expect(said[1]).toContain('统计');
  });
});

/** Every folder (the directory itself included) and file under `dir`, with its permission bits, as `path mode`. */
async function modesUnder(dir: string): Promise<string[]> {
  const out = [`. ${((await stat(dir)).mode & 0o777).toString(8)}`];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    out.push(`${path.slice(dir.length + 1)} ${((await stat(path)).mode & 0o777).toString(8)}`);
  }
  return out.sort();
}

describe('file permissions, with a data directory made beforehand and umask 022', () => {
  const { flags } = withSampleSimulator();
  let umask: number;
  beforeAll(() => {
    umask = process.umask(0o022);
  });
  afterAll(() => {
    process.umask(umask);
  });

  it('a batch, an export and a console session leave only 0600 files in 0700 folders', {
    timeout: 120_000,
  }, async () => {
    // Made by someone else, the usual way: 0755 directories, a 0644 result file from an earlier run.
    await chmod(dataDir, 0o755);
    await mkdir(join(dataDir, 'console-out'), { mode: 0o755 });
    const outDir = join(dataDir, '..', `${dataDir.split('/').at(-1)}-out`);
    await mkdir(outDir, { mode: 0o755 });
    const earlier = join(outDir, '检查表.xlsx');
    await writeFile(earlier, 'old', { mode: 0o644 });
    try {
      const common = flags();
      const roster = join(SAMPLES, 'roster-demo.csv');
      const batch = await runCli(
        ['batch', roster, '--out', join(outDir, '新建', '结果.xlsx'), ...common],
        [],
      );
      expect(batch.code, batch.stderr).toBe(0);
      expect(batch.stderr).toContain(
        `注意：数据目录 ${dataDir} 原先其他用户也能访问，其中有身份证号和姓名；已改为仅本用户可访问（权限 700）：数据目录本身、console-out。`,
      );
      const exported = await runCli(['export', 'checklist', '--out', earlier, ...common], []);
      expect(exported.code, exported.stderr).toBe(0);
      expect(exported.stderr).not.toContain('注意：数据目录');
      const chat = await runCli(['bot', '--console', ...common], [`/file ${roster}`]);
      expect(chat.code, chat.stderr).toBe(0);
      expect(chat.stdout).toContain('📎 文件已保存');

      const modes = await modesUnder(dataDir);
      expect(modes).toContain('console-out 700');
      expect(modes.some((m) => m.startsWith('console-out/'))).toBe(true);
      const isDir = async (m: string) =>
        (await stat(join(dataDir, m.slice(0, m.lastIndexOf(' '))))).isDirectory();
      for (const m of modes) expect(m).toMatch((await isDir(m)) ? / 700$/ : / 600$/);
      // The result files asked for: 0600; a folder the bot made for them 0700; the person's own folder untouched.
      expect(await modesUnder(outDir)).toEqual([
        '. 755',
        '新建 700',
        '新建/结果.xlsx 600',
        '检查表.xlsx 600',
      ]);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });
});

describe('a stranger learns no name', () => {
  const { flags } = withSampleSimulator();

  it('by ID alone, T+ID, a wrong name or a roster of bare IDs, in private and in a group', {
    timeout: 120_000,
  }, async () => {
    const id = '110105198503120135';
    const roster = join(dataDir, 'bare.csv');
    await writeFile(roster, `姓名,身份证号\n,${id}\n`);
    const { code, stdout, stderr } = await runCli(
      ['bot', '--console', ...flags()],
      [
        `张伟 ${id}`,
        id,
        '/as 路人',
        id,
        `T${id}`,
        `李四 ${id}`,
        `/file ${roster}`,
        '/room 安全生产群',
        id,
        `T${id}`,
        `李四 ${id}`,
        '我的ID',
      ],
    );
    expect(code, stderr).toBe(0);
    const said = replies(stdout);
    const admin = said.filter((r) => r.startsWith('控制台管理员'));
    expect(admin[1]).toContain(`✅ 有效｜张伟 ${id}`);

    const stranger = said.filter((r) => r.startsWith('路人') || r.startsWith('安全生产群 @路人'));
    // The roster comes back as two files (the annotated roster and its problem list), each a line.
    expect(stranger).toHaveLength(13);
    for (const reply of stranger) expect(reply).not.toContain('张伟');
    const [alone, tPrefixed, wrongName] = stranger;
    expect(alone).toContain(`请补充 ${id} 的持证人姓名`);
    expect(tPrefixed).toContain(`请补充 ${id} 的持证人姓名`);
    expect(wrongName).toContain('姓名不符');
    expect(wrongName).toContain('姓名与登记信息不一致');
    const inGroup = stranger.filter((r) => r.startsWith('安全生产群'));
    expect(inGroup[0]).toContain('请补充 110105********0135 的持证人姓名');
    expect(inGroup[2]).toContain('姓名与登记信息不一致');
    expect(inGroup[3]).toContain('您的 ID：console:路人\n本群 ID：console:room:安全生产群');

    const result = await workbookText(join(dataDir, 'console-out', 'bare.核验结果.xlsx'));
    expect(result).not.toContain('张伟');
    expect(result).toContain('缺少姓名');
    const list = await workbookText(join(dataDir, 'console-out', 'bare.自查自改问题清单.xlsx'));
    expect(list).toContain('暂时无法在全国统一平台核验');
    expect(list).not.toContain('张伟');
  });
});

describe('who the console accuses', () => {
  const { flags } = withSampleSimulator();

  it('a roster without 证号 is a list to check: 未查到证书, no lead; a 证号 or a card asked about is a claim', {
    timeout: 120_000,
  }, async () => {
    const nobody = '44010319900101017X';
    const other = '440103199001020175';
    const asked = '440103199001030170';
    const list = join(dataDir, 'list.csv');
    const numbered = join(dataDir, 'numbered.csv');
    await writeFile(list, `姓名,身份证号,工种\n陈新,${nobody},电工\n`);
    await writeFile(numbered, `姓名,身份证号,证号\n林木,${other},T${other}\n`);
    // A bureau that is not there: the leads wait in the outbox, where this test reads them.
    const bureau = { CERT_VERIFY__bureau__url: 'http://127.0.0.1:9', CERT_VERIFY__bureau__token: 't' };
    const { code, stdout, stderr } = await runCli(
      ['bot', '--console', ...flags()],
      [`/file ${list}`, `/file ${numbered}`, `周红 ${asked}`],
      bureau,
    );
    expect(code, stderr).toBe(0);
    const said = replies(stdout);
    const answer = said.find((r) => r.includes('周红'));
    expect(answer).toContain('❌ 未查到·待复核');
    expect(answer).not.toContain('未查到·疑似假证');
    const listed = await workbookText(join(dataDir, 'console-out', 'list.核验结果.xlsx'));
    expect(listed).toContain('未查到证书');
    // The person's own row: no forgery said of him (the summary's group heading may name fakes in general).
    const row = listed.split('\n').filter((t) => t.includes('未查到') && !t.includes('（1 人）'));
    expect(row.join('\n')).not.toMatch(/疑似假证|持假证/);
    // Queued, or held for its re-check: every lead of the outbox.
    const queued = await readChildOutbox(dataDir, async (o) => (await o.list()).map((e) => e.lead.idNumber));
    expect(queued.sort()).toEqual([other, asked].sort());
  });
});

describe('cert-verify demo', () => {
  it('starts its own simulator and answers piped lines, the sample photo it offers too', {
    timeout: 120_000,
  }, async () => {
    const { code, stdout, stderr } = await runCli(
      ['demo', '--data-dir', dataDir],
      ['刘洋 330106198804210174 登高架设', '/file data/samples/photos/card-altered.jpg'],
    );
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('离线演示：模拟平台 http://127.0.0.1:');
    expect(stdout).toContain(`按 ${TODAY} 判断证书状态`);
    const answer = replies(stdout).find((r) => r.includes('｜刘洋 '));
    expect(answer).toContain('逾期未复审');
    expect(answer).toContain('登高架设作业');
    expect(stdout).toContain('发送证件照片：/file data/samples/photos/card-altered.jpg');
    const photo = replies(stdout).find((r) => r.includes('【证件照片核验】'));
    expect(photo).toContain('有效期至：证上 2029-12-30｜平台 2026-12-30（❗不一致）');
    expect(photo).toContain('疑似涂改或伪造证件');
  });
});
