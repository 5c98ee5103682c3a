/**
 * The console's monthly statistics page over real HTTP (the real service on PGlite): the 附件3 table with the
 * enterprises' reports, the reminder from the 25th, the staff form (CSRF, checked figures with the typed values
 * kept, a save over a colleague's newer one refused), the history of changes, the xlsx download, and none of it
 * for an enterprise admin.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleClient } from '../helpers/console-client.js';
import { type ConsoleWorld, PASSWORDS, startConsole } from './console-harness.js';

let world: ConsoleWorld;

beforeAll(async () => {
  world = await startConsole();
  await world.reportSelfCheck(world.enterprises.a, {
    month: '2026-11',
    people: 12,
    problems: 3,
    at: '2026-11-20T02:00:00.000Z',
  });
  await world.reportSelfCheck(world.enterprises.b, {
    month: '2026-11',
    people: 5,
    problems: 2,
    at: '2026-11-21T02:00:00.000Z',
  });
}, 120_000);
afterAll(async () => {
  await world?.close();
});

async function signedIn(login: keyof typeof PASSWORDS): Promise<ConsoleClient> {
  const c = new ConsoleClient(world.url);
  expect((await c.signIn(login, PASSWORDS[login])).status).toBe(303);
  return c;
}

/** The cells of the page's table row whose label is `label` (the nth such row). */
function pageRow(text: string, label: string, nth = 0): string[] {
  const table = /<table class="progress">([\s\S]*?)<\/table>/.exec(text)?.[1] ?? '';
  const rows = [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) =>
    [...(m[1] ?? '').matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) => c[1] ?? ''),
  );
  return rows.filter((r) => r.includes(label))[nth] ?? [];
}

describe('the monthly statistics page', () => {
  it("shows the month's table with the enterprises' reports, and reminds staff from the 25th", async () => {
    const c = await signedIn('duty');
    const page = await c.get('/progress?month=2026-11');
    expect(page.status).toBe(200);
    expect(page.text).toContain('揭阳市安全生产培训“走过场”专项整治工作进展情况统计表');
    expect(pageRow(page.text, '自查生产经营单位 (家)').slice(-2)).toEqual(['2', '2']);
    expect(pageRow(page.text, '自查发现问题 (条)', 3).slice(-2)).toEqual(['5', '5']);
    expect(page.text).toContain('乙化工&lt;厂&gt;');
    expect(page.text).not.toContain('提醒：');
    expect((await c.get('/leads')).text).not.toContain('提醒：');
    world.advance(24 * 60);
    const staff = await signedIn('duty');
    const reminder = '提醒：2026年11月的《专项整治工作进展情况统计表》须于 2026年12月1日前报送';
    expect((await staff.get('/progress')).text).toContain(reminder);
    expect((await staff.get('/leads')).text).toContain(reminder);
    expect((await (await signedIn('admin-a')).get('/leads')).text).not.toContain('提醒：');
  });

  it('saves the staff figures with CSRF, keeps typed values on a mistake, and records who changed what', async () => {
    const c = await signedIn('duty');
    await c.get('/progress?month=2026-11');
    const forged = await c.post('/progress/figures', {
      csrf: 'forged',
      month: '2026-11',
      trainingInspected: '4',
    });
    expect(forged.status).toBe(403);
    const wrong = await c.post('/progress/figures', {
      month: '2026-11',
      version: '',
      trainingInspected: '4',
      trainingFine: '3.5',
      filledBy: '李明',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain(
      '「执法情况 · 安全培训机构 · 行政处罚款 (元)」应为不小于 0 的整数，收到「3.5」',
    );
    expect(wrong.text).toContain('value="3.5"');
    expect(wrong.text).toContain('value="李明"');
    const saved = await c.post('/progress/figures', {
      month: '2026-11',
      version: '',
      trainingInspected: '4',
      trainingFine: '20000',
      filledBy: '李明',
      phone: '0663-8768226',
    });
    expect(saved.status).toBe(303);
    const page = await c.get('/progress?month=2026-11');
    expect(pageRow(page.text, '执法检查 (家)').slice(-2)).toEqual(['4', '4']);
    expect(pageRow(page.text, '行政处罚款 (元)').slice(-2)).toEqual(['20000', '20000']);
    expect(pageRow(page.text, '填表人')).toEqual(['填表人', '李明', '联系电话', '0663-8768226']);
    expect(page.text).toContain('执法情况 · 安全培训机构 · 执法检查 (家)：（空） → 4');
    expect(page.text).toMatch(/<td>duty<\/td>/);

    // A colleague's form shown before that save is refused, with what they typed kept.
    const colleague = await signedIn('locked-user');
    await colleague.get('/progress?month=2026-11');
    const stale = await colleague.post('/progress/figures', {
      month: '2026-11',
      version: '',
      trainingInspected: '9',
    });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('本月的局端数据已被duty 修改');
    expect(stale.text).toContain('value="9"');
  });

  it("downloads the month's table as xlsx with the figures entered", async () => {
    const c = await signedIn('duty');
    const file = await c.download('/progress/export.xlsx?month=2026-11');
    expect(file.status).toBe(200);
    expect(decodeURIComponent(file.headers.get('content-disposition') ?? '')).toContain(
      '专项整治工作进展情况统计表-2026-11.xlsx',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.getCell('C12').value).toBe('执法检查 (家)');
    expect(sheet.getCell('E12').value).toBe(4);
    expect(sheet.getCell('E10').value).toBe(2);
    expect(sheet.getCell('C34').value).toBe('李明');
  });

  it('is not there for an enterprise admin', async () => {
    const c = await signedIn('admin-a');
    const leads = await c.get('/leads');
    expect(leads.text).not.toContain('进展统计表');
    expect((await c.get('/progress')).status).toBe(404);
    expect((await c.download('/progress/export.xlsx?month=2026-11')).status).toBe(404);
    expect((await c.post('/progress/figures', { month: '2026-11', trainingInspected: '1' })).status).toBe(
      404,
    );
  });
});
