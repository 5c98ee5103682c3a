/**
 * The 自查整改报告 as Word users will see it: LibreOffice converts the .docx to PDF (its fonts mapped by
 * test/fixtures/fonts/fonts.conf to the CJK fonts the machine has), poppler reads the pages back, and the first
 * page is kept as an image under test-output/self-check-report/ to look at. Skipped, saying why, where LibreOffice
 * or poppler is not installed (.ci/run installs both).
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfCheckReportFile } from '../../../../src/roster/write/self-check-report/file.js';
import { tempDir } from '../build.js';
import { sampleInput } from './fixture.js';

const run = promisify(execFile);
const TOOLS = ['soffice', 'pdfinfo', 'pdftotext', 'pdftoppm'];
const missing = TOOLS.filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
const FONTS_CONF = fileURLToPath(new URL('../../../fixtures/fonts/fonts.conf', import.meta.url));
const OUTPUT = join(process.cwd(), 'test-output', 'self-check-report');

describe.skipIf(missing.length > 0)(
  `自查整改报告 rendered by LibreOffice${missing.length ? ` (skipped: ${missing.join(', ')} not installed; apt-get install libreoffice-writer poppler-utils)` : ''}`,
  () => {
    let dir: string;
    let cleanup: () => Promise<void>;
    let pdf: string;

    beforeAll(async () => {
      ({ dir, cleanup } = await tempDir());
      const file = await selfCheckReportFile(
        sampleInput(),
        { fullIds: false },
        {
          recheckDays: 30,
          warnDays: 60,
          remindHour: 9,
        },
      );
      const docx = join(dir, 'report.docx');
      await writeFile(docx, file.bytes);
      // A profile of its own, so a LibreOffice already running elsewhere neither blocks nor takes the job.
      await run(
        'soffice',
        [
          `-env:UserInstallation=file://${join(dir, 'profile')}`,
          '--headless',
          '--convert-to',
          'pdf',
          '--outdir',
          dir,
          docx,
        ],
        { env: { ...process.env, FONTCONFIG_FILE: FONTS_CONF }, timeout: 200_000 },
      );
      pdf = join(dir, 'report.pdf');
    }, 240_000);

    afterAll(() => cleanup?.());

    it('makes A4 pages holding the title, the four sections, the table and the closing', async () => {
      const info = (await run('pdfinfo', [pdf])).stdout;
      expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
      expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBeGreaterThanOrEqual(2);
      const text = (await run('pdftotext', ['-enc', 'UTF-8', pdf, '-'])).stdout.replace(/\s+/g, '');
      const order = [
        '关于安全生产培训“走过场”专项整治',
        '自查整改报告',
        '一、基本情况',
        '二、自查存在问题',
        '三、问题整改情况',
        '四、持续改进对策',
        '单位名称（加盖公章）：甲公司',
        '2026年3月10日',
      ];
      const at = order.map((words) => text.indexOf(words));
      expect(at.every((i) => i >= 0)).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
      // The table's header lies between 三 and 四 (pdftotext gives a table's cells in no fixed order).
      for (const header of ['具体整改内容', '整改成效（或验收条件）', '具体负责人']) {
        expect(text.indexOf(header)).toBeGreaterThan(text.indexOf('三、问题整改情况'));
        expect(text.indexOf(header)).toBeLessThan(text.indexOf('四、持续改进对策'));
      }
    });

    it('keeps page 1 as an image in test-output/', async () => {
      await mkdir(OUTPUT, { recursive: true });
      const root = join(OUTPUT, 'page-1');
      await run('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdf, root]);
      const png = await readFile(`${root}.png`);
      // IHDR: an A4 page at 60 dpi is about 496 × 702 pixels (poppler rounds the edge up).
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
      expect(Math.abs(width - 496)).toBeLessThanOrEqual(1);
      expect(Math.abs(height - 702)).toBeLessThanOrEqual(1);
    });
  },
);
