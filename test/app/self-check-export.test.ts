/**
 * `导出 自查报告` as the composition root wires it: the chat's export of the requester's enterprise builds the
 * 自查整改报告 from the findings on disk with the enterprise's profile and the settings in force.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../src/app/services.js';
import { loadConfig } from '../../src/config/load.js';
import { finding, id, storeWithFinding, tempDir } from '../roster/write/build.js';
import { docxParts, paragraphsOf, tablesOf } from '../roster/write/docx-read.js';

const WANG = id('32010219750303003');
const requester = {
  channel: 'chat' as const,
  userId: 'anquanke-wang',
  userName: '安全科',
  enterprise: '甲公司',
};

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  await storeWithFinding(
    dir,
    finding('expired', {
      name: '王五',
      idNumber: WANG,
    }),
  );
});
afterEach(() => cleanup());

describe('the chat export of the 自查整改报告', () => {
  it("writes the requester's enterprise's report with its profile and the settings in force", async () => {
    const base = loadConfig({ env: {} });
    const config = {
      ...base,
      dataDir: join(dir, 'data'),
      today: '2026-03-10',
      rules: { ...base.rules, warnDays: 30 },
      selfCheck: { enterprises: { 甲公司: { established: '2015年6月', employees: 86 } } },
    };
    const app = await createServices({ config, today: '2026-03-10' });
    try {
      const file = await app.chat.exportReport('report', requester, false);
      expect(file.name).toBe('自查整改报告_甲公司_2026-03-10.docx');
      const document = docxParts(new Uint8Array(file.bytes))['word/document.xml'] ?? '';
      const text = paragraphsOf(document)
        .map((p) => p.text)
        .join('\n');
      expect(text).toContain('单位名称：甲公司\n设立时间：2015年6月\n');
      expect(text).toContain('从业人数：86 人\n');
      expect(text).toContain('有效期届满前 30 日起');
      const row = tablesOf(document)[0]?.[1];
      expect(row?.[1]).toContain(`王五（身份证 ${WANG.slice(0, 6)}********${WANG.slice(-4)}）`);
      expect(document).not.toContain(WANG);
    } finally {
      await app.close();
    }
  });
});
