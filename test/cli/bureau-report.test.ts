/**
 * `cert-verify bureau report progress` as a user runs it: the real CLI in a child process on a data directory
 * holding an enterprise's reported months and staff figures; the csv and the xlsx of the month, 累计 from the
 * campaign start month of the config file; a bad month gets one Chinese line and exit code 2.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_FIGURE_KEYS } from '../../src/bureau/progress/form.js';
import { sqlProgressStore } from '../../src/bureau/progress/sql-progress-store.js';
import type { StaffEntry } from '../../src/bureau/progress/types.js';
import { openBureauStore } from '../../src/bureau/store/open.js';
import { startCli } from '../faults/child-cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bureau-report-'));
  const { store, db } = await openBureauStore({ dataDir: dir, databaseUrl: '' });
  try {
    const { enterprise } = await store.addEnterprise('甲建筑公司');
    const progress = sqlProgressStore(db);
    await progress.reportSelfCheck(enterprise.id, {
      month: '2026-10',
      people: 30,
      problems: 4,
      at: '2026-10-30T02:00:00.000Z',
    });
    await progress.reportSelfCheck(enterprise.id, {
      month: '2026-11',
      people: 12,
      problems: 3,
      at: '2026-11-20T02:00:00.000Z',
    });
    const entry = (inspected: number): StaffEntry => ({
      figures: {
        ...(Object.fromEntries(STAFF_FIGURE_KEYS.map((k) => [k, 0])) as StaffEntry['figures']),
        trainingInspected: inspected,
      },
      filledBy: '李明',
      phone: '0663-8768226',
    });
    await progress.saveStaffMonth('2026-09', entry(5), 'duty', null);
    await progress.saveStaffMonth('2026-11', entry(2), 'duty', null);
  } finally {
    await store.close();
  }
  await writeFile(
    join(dir, 'config.json'),
    JSON.stringify({ bureau: { campaignStartMonth: '2026-10', region: '揭阳市' } }),
  );
}, 180_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function report(args: string[]) {
  const child = startCli([
    '--data-dir',
    dir,
    '--config',
    join(dir, 'config.json'),
    'bureau',
    'report',
    'progress',
    ...args,
  ]);
  child.process.stdin?.end();
  const { code } = await child.exited;
  return { code, stdout: child.stdout(), stderr: child.stderr() };
}

describe('cert-verify bureau report progress', () => {
  it("writes the month's table as csv and xlsx, 累计 from the configured campaign month", async () => {
    const csvFile = join(dir, 'out', '11月.csv');
    const csv = await report(['--month', '2026-11', '--format', 'csv', '--out', csvFile]);
    expect([csv.code, csv.stdout]).toEqual([0, `已导出 2026-11 的进展情况统计表到 ${csvFile}\n`]);
    const text = await readFile(csvFile, 'utf8');
    expect(text).toContain('统计月份：2026年11月　累计数据自：2026年10月');
    expect(text).toContain('\r\n,生产经营单位,自查生产经营单位 (家),,1,1\r\n');
    expect(text).toContain('\r\n,,自查发现问题 (条),,3,7\r\n');
    // September's staff figures are before the campaign: 累计 holds November's alone.
    expect(text).toContain('\r\n执法情况,安全培训机构,执法检查 (家),,2,2\r\n');
    expect(text).toContain('填表人,,李明,,联系电话,0663-8768226');

    const xlsxFile = join(dir, 'out', '11月.xlsx');
    expect((await report(['--month', '2026-11', '--out', xlsxFile])).code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsxFile);
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.getCell('A1').value).toBe('揭阳市安全生产培训“走过场”专项整治工作进展情况统计表');
    expect([sheet.getCell('E10').value, sheet.getCell('F10').value]).toEqual([1, 1]);
    expect(sheet.getCell('B10').master.address).toBe('B10');
    expect(sheet.getCell('B11').master.address).toBe('B10');
  }, 240_000);

  it('refuses a month that is not YYYY-MM with one Chinese line', async () => {
    const bad = await report(['--month', '2026-13']);
    expect([bad.code, bad.stderr.trim().split('\n').at(-1)]).toEqual([
      2,
      '--month 应为 YYYY-MM 格式的月份，例如 2026-11，收到「2026-13」',
    ]);
  }, 120_000);
});
