/**
 * The forms as a new user gets them: `check` and `batch` at the command line against the simulator with the sample
 * people (real store on disk, real xlsx read back), then `export problems` and `export checklist` from the
 * findings log. What the forms say must be what the checks found.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../src/cli/run.js';
import { PROJECT_ROOT } from '../../../src/config/load.js';
import { loadSimulatorData, type RunningSimulator, startSimulator } from '../../../src/simulator/server.js';

const SAMPLES = join(PROJECT_ROOT, 'data', 'samples');
const TODAY = '2026-11-24';
/** The enterprise of the sample roster (its 单位 column). */
const ENTERPRISE = '示例化工有限公司';

let simulator: RunningSimulator;
let dir: string;
let problems: string[][];
let checklist: string[][];

/** Run the CLI in-process against the simulator, on the sample data's date. */
async function cli(args: string[]): Promise<string> {
  let out = '';
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const flags = ['--config', join(dir, 'config.json'), '--data-dir', join(dir, 'data')];
    flags.push('--lookup-url', simulator.url);
    const code = await runCli([...flags, '--min-interval-ms', '0', '--today', TODAY, ...args]);
    expect(code, out).toBe(0);
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  return out;
}

/** The rows of the first sheet of an xlsx file as cell texts. */
async function sheetRows(path: string): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const sheet = book.worksheets[0];
  const rows: string[][] = [];
  sheet?.eachRow({ includeEmpty: true }, (row) => {
    rows.push(Array.from({ length: sheet.columnCount }, (_, i) => row.getCell(i + 1).text));
  });
  return rows;
}

/** The numbered lines of the problem list: 存在问题, 整改依据, 整改措施, 整改时限 by header. */
function lines(rows: string[][]): Array<Record<string, string>> {
  const at = rows.findIndex((r) => r.includes('存在问题'));
  const header = rows[at] ?? [];
  return rows
    .slice(at + 1)
    .filter((r) => /^\d+$/.test(r[0] ?? ''))
    .map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'forms-sim-'));
  const enterprises = { [ENTERPRISE]: { responsible: '王安全', phone: '0351-1234567' } };
  await writeFile(join(dir, 'config.json'), JSON.stringify({ selfCheck: { enterprises } }));
  simulator = await startSimulator({
    data: await loadSimulatorData(join(SAMPLES, 'people.json')),
    captcha: 'off',
  });
  // 黄勇 asked about as a welder (his welding card expired 2023-04-11; his electrician's card is valid), 刘洋 asked
  // about alone, then the sample roster, which lists both again.
  await cli(['check', '黄勇', '510107198302270791', '焊工']);
  await cli(['check', '刘洋', '330106198804210174']);
  await cli(['batch', join(SAMPLES, 'roster-demo.xlsx'), '--out', join(dir, 'roster.核验结果.xlsx')]);
  await cli(['export', 'problems', '--out', join(dir, 'problems.xlsx')]);
  await cli(['export', 'checklist', '--out', join(dir, 'checklist.xlsx')]);
  problems = await sheetRows(join(dir, 'problems.xlsx'));
  checklist = await sheetRows(join(dir, 'checklist.xlsx'));
}, 120_000);
afterAll(async () => {
  await simulator?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the forms exported from the findings log', () => {
  it('describe the certificate the verdict is about: 黄勇 as a welder, not his valid electrician card', () => {
    const huang = lines(problems).filter((l) => l.存在问题?.startsWith('黄勇'));
    expect(huang.map((l) => l.存在问题)).toEqual([
      '黄勇（身份证 510107198302270791）熔化焊接与热切割作业操作证已于 2023-04-11 过期',
    ]);
    expect(huang[0]?.整改依据).toBe(
      '《安全生产法》第三十条；《特种作业人员安全技术培训考核管理规定》（复审、换证）',
    );
    const listed = checklist.flat().join('\n');
    expect(listed).toContain('熔化焊接与热切割作业操作证已于 2023-04-11 过期');
    expect(listed).not.toContain('2030-10-08');
  });

  it('list every problem the roster found, reviews and expiries coming due included, each once', () => {
    const all = lines(problems);
    const people = all.map((l) => (l.存在问题 ?? '').replace(/（.*$/, ''));
    // 14 rows of the roster are not plainly valid; 黄勇's welding card comes from the query.
    for (const name of [
      '刘洋',
      '彭飞',
      '陈静',
      '孙丽',
      '高峰',
      '宋佳',
      '曹阳',
      '杨磊',
      '郭鹏',
      '罗刚',
      '唐浩',
    ])
      expect(
        people.filter((p) => p === name),
        name,
      ).toHaveLength(1);
    expect(people.filter((p) => p === '林小明')).toHaveLength(1);
    expect(all.filter((l) => l.存在问题?.includes('身份证号有误'))).toHaveLength(2);
    expect(all).toHaveLength(15);
    const chen = all.find((l) => l.存在问题?.startsWith('陈静'));
    expect(chen).toMatchObject({
      存在问题: '陈静（身份证 440305198701300468）制冷与空调设备运行操作作业操作证将于 2026-12-30 到期',
      整改措施: '在有效期届满前换领新证，到期后不得继续从事该作业',
      整改时限: '2026-12-30',
      整改依据: '《特种作业人员安全技术培训考核管理规定》（换证）',
    });
    // A safety manager is assessed again, never told to stop a special operation.
    const tang = all.find((l) => l.存在问题?.startsWith('唐浩'));
    expect(tang?.整改措施).toBe('组织其重新参加安全生产知识和管理能力考核，合格后方可继续任职');
    expect(tang?.整改依据).toContain('第二十七条');
    const song = all.find((l) => l.存在问题?.startsWith('宋佳'));
    expect(song?.整改措施).toBe('在到期前 30 日申请再次考核，到期后不得继续任职');
    for (const manager of [tang, song]) expect(manager?.整改措施).not.toContain('特种作业');
  });

  it('the 检查表 counts what the batch found: 即将到期 5 人, and lists 刘洋 once', () => {
    const holding = checklist.find((r) => r[0] === '二')?.[5] ?? '';
    expect(holding).toContain('即将到期 5 人');
    expect(holding).toContain('逾期未复审 2 人');
    expect(holding).toContain('cx.mem.gov.cn');
    expect(holding).toContain('国家安全生产考试');
    const liu = checklist.filter((r) => /^\d+\. 刘洋/.test(r[0] ?? ''));
    expect(liu).toHaveLength(1);
  });
});

describe('问题记录', () => {
  it("gives as 平台答复 what the platform answered, every record it showed, not the bot's conclusion", async () => {
    await cli(['export', 'findings', '--out', join(dir, 'findings.xlsx')]);
    const rows = await sheetRows(join(dir, 'findings.xlsx'));
    const header = rows.find((r) => r.includes('平台答复')) ?? [];
    const huang = rows.find(
      (r) => r[header.indexOf('姓名')] === '黄勇' && r[header.indexOf('操作项目')] === '焊工',
    );
    const said = huang?.[header.indexOf('平台答复')] ?? '';
    expect(said).toMatch(
      /^全国平台查到 3 本证件：焊接与热切割作业·熔化焊接与热切割作业，证号 T510107198302270791/,
    );
    for (const until of ['2023-04-11', '2030-10-08', '2024-10-08']) expect(said).toContain(`至 ${until}`);
    expect(said).not.toMatch(/过期|有效，|到期/);
    const nobody = rows.find((r) => r[header.indexOf('姓名')] === '林小明');
    expect(nobody?.[header.indexOf('平台答复')]).toBe('全国平台答复：没有查询到相关证件信息！');
  });
});

describe('the forms of an enterprise with settings and a ledger', () => {
  let ours: string[][];
  let theirs: string[][];
  beforeAll(async () => {
    await cli(['ledger', 'import', join(SAMPLES, 'roster-demo.xlsx'), '--enterprise', ENTERPRISE]);
    const out = (name: string) => ['--enterprise', ENTERPRISE, '--out', join(dir, name)];
    await cli(['export', 'problems', ...out('problems-ours.xlsx')]);
    await cli(['export', 'checklist', ...out('checklist-ours.xlsx')]);
    ours = await sheetRows(join(dir, 'problems-ours.xlsx'));
    theirs = await sheetRows(join(dir, 'checklist-ours.xlsx'));
  }, 60_000);

  it('fill 责任人 and 联系方式 from the settings', () => {
    const all = lines(ours);
    expect(all.length).toBeGreaterThanOrEqual(14);
    for (const line of all) expect(line.责任人).toBe('王安全');
    expect(ours.flat().join('\n')).toContain('联系方式：0351-1234567');
  });

  it('say the ledger is kept by class, with its people in post', () => {
    const holding = theirs.find((r) => r[0] === '二')?.[5] ?? '';
    expect(holding.split('\n')[0]).toBe(
      '1. 台账：已分类建立三项岗位人员持证台账，在册特种作业人员 23 人、主要负责人 3 人、安全生产管理人员 5 人。',
    );
  });
});

describe('checks at the command line for an enterprise', () => {
  it('count in its papers: check --enterprise records its finding, export --enterprise finds it', async () => {
    const other = '命令行检查的单位';
    await cli(['check', '--enterprise', other, '黄勇', '510107198302270791', '焊工']);
    await cli(['export', 'problems', '--enterprise', other, '--out', join(dir, 'problems-cli.xlsx')]);
    const all = lines(await sheetRows(join(dir, 'problems-cli.xlsx')));
    expect(all.map((l) => l.存在问题)).toEqual([
      expect.stringContaining('熔化焊接与热切割作业操作证已于 2023-04-11 过期'),
    ]);
  });
});
