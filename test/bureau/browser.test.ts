/**
 * The console in a real browser: headless Chromium (Debian's, driven by playwright-core) signs in, filters the
 * list, moves a lead to 已移送公安, opens the charts, downloads an export and fills in the monthly 进展统计表, with
 * screenshots of each page under test-output/bureau/. One browser for the whole file; skipped, saying why, only where no Chromium is installed.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleWorld, PASSWORDS, startConsole } from './console-harness.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(process.cwd(), 'test-output', 'bureau');
const present = existsSync(CHROMIUM);

describe.skipIf(!present)(
  `the console in Chromium${present ? '' : ` (skipped: no Chromium at ${CHROMIUM})`}`,
  () => {
    let world: ConsoleWorld;
    let browser: Browser;
    let page: Page;
    const problems: string[] = [];

    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      world = await startConsole();
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--disable-quic',
        ],
      });
      page = await (await browser.newContext({ acceptDownloads: true, locale: 'zh-CN' })).newPage();
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await world?.close();
    });

    const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

    it('signs in and filters the list', async () => {
      await page.goto(`${world.url}/leads`);
      expect(new URL(page.url()).pathname).toBe('/login');
      await page.fill('input[name=login]', 'duty');
      await page.fill('input[name=password]', PASSWORDS.duty);
      await shot('login');
      await page.click('form.login button[type=submit]');
      await page.waitForURL(/\/leads$/);
      expect(await page.textContent('#lead-total')).toBe('3');
      await page.selectOption('select[name=kind]', 'fake_certificate');
      await page.click('form.filters button[type=submit]');
      await page.waitForURL(/kind=fake_certificate/);
      expect(await page.textContent('#lead-total')).toBe('2');
      expect(await page.locator('table.leads tbody tr').count()).toBe(2);
      await shot('list');
    });

    it('moves a lead to 已移送公安 with a note', async () => {
      await page.click(`a[href="/leads/${world.leads.a1}"]`);
      await page.waitForURL(new RegExp(`/leads/${world.leads.a1}$`));
      await page.fill('textarea[name=note]', '已电话核实');
      await page.click('button[value=investigating]');
      await page.waitForSelector('button[value=referred]');
      await page.fill('textarea[name=note]', '证件系伪造，移送派出所');
      await page.click('button[value=referred]');
      await page.waitForSelector('button[value=closed]');
      expect(await page.textContent('dd.case')).toBe('已移送公安');
      expect(await page.textContent('table.history')).toContain('证件系伪造，移送派出所');
      await shot('lead');
    });

    it('draws the monthly charts with the service’s own ECharts', async () => {
      await page.click('nav.top a[href="/figures"]');
      await page.fill('input[name=from]', '2026-10');
      await page.fill('input[name=to]', '2026-11');
      await page.click('form.filters button[type=submit]');
      await page.waitForSelector('#chart-referred canvas');
      // Run in the page, where ECharts is a global: each chart's series as the instance holds them.
      const charts = (await page.evaluate(`['chart-kind', 'chart-enterprise', 'chart-referred'].map((id) => {
      const chart = echarts.getInstanceByDom(document.getElementById(id));
      return chart && chart.getOption().series.map((s) => ({ name: s.name, data: s.data }));
    })`)) as Array<Array<{ name: string; data: number[] }> | undefined>;
      expect(charts[0]?.map((s) => s.name)).toEqual(['疑似假证', '疑似冒用', '假冒查询网站', '疑似涂改证件']);
      expect(charts[0]?.[0]?.data).toEqual([1, 1]);
      expect(charts[1]?.map((s) => s.name).sort()).toEqual(['乙化工<厂>', '甲建筑公司']);
      expect(charts[2]?.[0]?.data).toEqual([0, 50]);
      expect(await page.locator('canvas').count()).toBe(3);
      await shot('figures');
    });

    it('downloads the month’s 线索清单 as a real workbook', async () => {
      await page.goto(`${world.url}/leads?month=2026-11`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('a.export')]);
      expect(download.suggestedFilename()).toBe('疑似假证线索清单-2026-11.xlsx');
      const file = await download.path();
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
      const cells: string[] = [];
      workbook.worksheets[0]?.eachRow((row) => {
        for (const value of (row.values as unknown[]).slice(1)) cells.push(String(value ?? ''));
      });
      expect(cells[0]).toBe('疑似假证线索清单');
      expect(cells).toContain('110105198503120135');
      expect(cells).toContain('甲建筑公司');
      expect(cells).not.toContain('乙化工<厂>');
    });

    it('shows a lead its enterprise withdrew as withdrawn, with when and why, never gone', async () => {
      await world.withdraw(
        world.leads.b1,
        '复查时已查到证书，先前未查到可能是新证尚未上网',
        '2026-11-05T02:00:00Z',
      );
      await page.goto(`${world.url}/leads?state=withdrawn`);
      expect(await page.textContent('#lead-total')).toBe('1');
      expect(await page.textContent('table.leads tbody')).toContain('已撤回');
      await shot('withdrawn-list');
      await page.click(`a[href="/leads/${world.leads.b1}"]`);
      await page.waitForURL(new RegExp(`/leads/${world.leads.b1}$`));
      expect(await page.textContent('main')).toContain('复查时已查到证书');
      await shot('withdrawn-lead');
    });

    it("fills in the month's 进展统计表 beside the enterprises' reports", async () => {
      await world.reportSelfCheck(world.enterprises.a, {
        month: '2026-11',
        people: 12,
        problems: 3,
        at: '2026-11-20T02:00:00.000Z',
      });
      await page.click('nav.top a[href="/progress"]');
      await page.waitForURL(/\/progress$/);
      await page.fill('input[name=trainingInspected]', '4');
      await page.fill('input[name=filledBy]', '李明');
      await page.fill('input[name=phone]', '0663-8768226');
      await page.click('form.progress-figures button[type=submit]');
      await page.waitForURL(/\/progress\?month=2026-11$/);
      expect(await page.textContent('table.progress')).toContain('李明');
      expect(await page.textContent('table.history')).toContain('duty');
      await shot('progress');
    });

    it('met no script error and no blocked resource on the way', () => {
      expect(problems).toEqual([]);
    });
  },
);
