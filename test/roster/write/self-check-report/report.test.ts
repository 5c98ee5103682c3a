import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { selfCheckReportFile } from '../../../../src/roster/write/self-check-report/file.js';
import { SECTION_KIND_WORDS } from '../../../../src/roster/write/self-check-report/section-kinds.js';
import { tempDir } from '../build.js';
import { docxParts, paragraphsOf, tablesOf } from '../docx-read.js';
import { LI, sampleInput, WANG, ZHENG } from './fixture.js';

const SETTINGS = { recheckDays: 21, warnDays: 45, remindHour: 8 };

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(() => cleanup());

/** The report of the sample written to disk and read back from the file. */
async function written(input = sampleInput(), fullIds = true) {
  const file = await selfCheckReportFile(input, { fullIds }, SETTINGS);
  const path = join(dir, file.name);
  await writeFile(path, file.bytes);
  const parts = docxParts(new Uint8Array(await readFile(path)));
  const document = parts['word/document.xml'] ?? '';
  return { file, parts, paragraphs: paragraphsOf(document), tables: tablesOf(document) };
}

describe('自查整改报告 (.docx)', () => {
  it('is named like the other papers and holds the template title, the four sections in order and the closing', async () => {
    const { file, paragraphs } = await written();
    expect(file.name).toBe('自查整改报告_甲公司_2026-03-01至2026-03-31.docx');
    const body = paragraphs.filter((p) => !p.inTable);
    expect(body.slice(0, 2).map((p) => p.text)).toEqual(['关于安全生产培训“走过场”专项整治', '自查整改报告']);
    expect(body.filter((p) => p.style === 'Heading1').map((p) => p.text)).toEqual([
      '一、基本情况',
      '二、自查存在问题',
      '三、问题整改情况',
      '四、持续改进对策',
    ]);
    // The seed's 重点整治内容 for 生产经营单位, items 1–5, under 二.
    expect(body.filter((p) => p.style === 'Heading2').map((p) => p.text.slice(0, 3))).toEqual([
      '（一）',
      '（二）',
      '（三）',
      '（四）',
      '（五）',
    ]);
    const texts = body.map((p) => p.text).filter(Boolean);
    expect(texts.slice(-2)).toEqual(['单位名称（加盖公章）：甲公司', '2026年3月10日']);
  });

  it('states the profile set, a line to fill where it is not, and the people checked by class', async () => {
    const { paragraphs } = await written();
    const basics = paragraphs.slice(
      paragraphs.findIndex((p) => p.text === '一、基本情况') + 1,
      paragraphs.findIndex((p) => p.text === '二、自查存在问题'),
    );
    expect(basics.map((p) => [p.text, p.lineToFill])).toEqual([
      ['单位名称：甲公司', false],
      ['设立时间：2008年3月', false],
      ['法定代表人：\t', true],
      ['从业人数：120 人', false],
      ['业务范围：\t', true],
      [
        '本次自查核验三项岗位人员 10 人，其中特种作业人员 7 人、主要负责人 1 人、安全生产管理人员 2 人。',
        false,
      ],
      ['近三年组织安全生产培训人次：\t', true],
      ['特种作业人员考试通过率：\t', true],
    ]);
    const text = paragraphs.map((p) => p.text).join('\n');
    expect(text).toContain('2026年3月2日至2026年3月6日通过全国统一平台（cx.mem.gov.cn）');
    expect(text).toContain(
      '核验三项岗位人员证书 10 人（特种作业人员 7 人、主要负责人 1 人、安全生产管理人员 2 人），查询到证书信息 7 人。',
    );
  });

  it('counts each problem kind among the workers and the managers, training left blank to fill', async () => {
    const paragraphs = (await written()).paragraphs;
    const paragraphAfter = (heading: string) =>
      paragraphs[paragraphs.findIndex((p) => p.text.startsWith(heading)) + 1]?.text;
    const w = SECTION_KIND_WORDS;
    expect(paragraphAfter('（三）')).toBe(
      `核验发现：${w.fake.label} 1 人；${w.uncertified.label} 1 人；${w.expired.label} 1 人；${w.review_overdue.label} 1 人；${w.renewal.label} 1 人。`,
    );
    expect(paragraphAfter('（四）')).toBe(
      `核验发现：${w.unassessed.label} 1 人（其中尚在任职之日起 6 个月考核期限内 1 人）。`,
    );
    const linesAfter = (heading: string) => {
      const from = paragraphs.findIndex((p) => p.text.startsWith(heading)) + 1;
      const to = paragraphs.findIndex((p, i) => i >= from && !p.lineToFill);
      return paragraphs.slice(from, to).map((p) => p.text);
    };
    expect(linesAfter('（一）')).toEqual([
      '是否制定本单位安全生产培训计划：\t',
      '是否按计划实施培训：\t',
      '是否落实先培训后上岗：\t',
    ]);
    expect(linesAfter('（五）')).toEqual([
      '是否如实记录安全生产教育和培训情况：\t',
      '是否建立安全生产培训档案：\t',
      '是否存在培训“走过场”或记录造假：\t',
    ]);
  });

  it('lists one table row per problem with the columns of 附件1, taken from the problem list by header', async () => {
    const { tables, file } = await written();
    expect(tables).toHaveLength(1);
    const [header, ...rows] = tables[0] ?? [];
    expect(header).toEqual([
      '序号',
      '具体整改内容',
      '整改依据',
      '整改成效（或验收条件）',
      '整改时限',
      '具体负责人',
    ]);
    expect(file.rows).toBe(6);
    expect(rows.map((r) => r[0])).toEqual(['1', '2', '3', '4', '5', '6']);
    // Suspected fakes first (the problem list's order), then the others.
    expect(rows[0]?.[1]).toContain(`王五（身份证 ${WANG}）`);
    expect(rows[0]?.[1]).toMatch(/\n整改措施：/);
    expect(rows[0]?.[3]).toBe(SECTION_KIND_WORDS.fake.acceptance);
    const li = rows.find((r) => r[1]?.includes('李四'));
    expect(li?.[1]).toContain('已于 2026-01-01 过期');
    expect(li?.[3]).toBe(SECTION_KIND_WORDS.expired.acceptance);
    expect(li?.[4]).toBe('2026-03-10');
    expect(rows.find((r) => r[1]?.includes(ZHENG))?.[3]).toBe(SECTION_KIND_WORDS.unassessed.acceptance);
    expect(rows.every((r) => r.length === 6)).toBe(true);
  });

  it('masks the ID numbers unless full ones are asked for', async () => {
    const { parts } = await written(sampleInput(), false);
    expect(parts['word/document.xml']).not.toContain(LI);
    expect(parts['word/document.xml']).toContain(`${LI.slice(0, 6)}********${LI.slice(-4)}`);
  });

  it('draws measures from the settings in force', async () => {
    const text = (await written()).paragraphs.map((p) => p.text).join('\n');
    expect(text).toContain('每 21 日至少复查一次');
    expect(text).toContain('前 45 日起，每天 8 时提醒');
  });

  it('is A4 with the official margins, 仿宋 body, 黑体 and 楷体 headings, and Latin text in Times New Roman', async () => {
    const { parts } = await written();
    const document = parts['word/document.xml'] ?? '';
    expect(document).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(document).toMatch(/<w:pgMar w:top="2097" w:right="1474" w:bottom="1984" w:left="1587"/);
    const styles = parts['word/styles.xml'] ?? '';
    const fontsOf = (styleId: string) => {
      const style = new RegExp(`<w:style [^>]*w:styleId="${styleId}"[\\s\\S]*?</w:style>`).exec(styles)?.[0];
      return /<w:rFonts [^>]*>/.exec(style ?? '')?.[0];
    };
    expect(fontsOf('Heading1')).toContain('w:eastAsia="黑体"');
    expect(fontsOf('Heading2')).toContain('w:eastAsia="楷体"');
    expect(fontsOf('ReportTitle')).toContain('w:eastAsia="宋体"');
    const defaults = /<w:docDefaults>[\s\S]*?<\/w:docDefaults>/.exec(styles)?.[0] ?? '';
    expect(defaults).toContain('w:eastAsia="仿宋"');
    expect(defaults).toContain('w:ascii="Times New Roman"');
  });

  it('says there is nothing to rectify when no problem was found', async () => {
    const input = { ...sampleInput(), rows: [] };
    const { tables, paragraphs, file } = await written(input);
    expect(tables).toHaveLength(0);
    expect(file.rows).toBe(0);
    expect(paragraphs.map((p) => p.text)).toContain('本次自查未发现三项岗位人员持证方面的问题，无需整改。');
  });

  it('without a check summary counts the findings log as the problems only, the total left to fill', async () => {
    const { checked: _checked, ...input } = sampleInput();
    const { paragraphs } = await written(input);
    const text = paragraphs.map((p) => p.text).join('\n');
    expect(paragraphs.filter((p) => p.lineToFill).map((p) => p.text)).toContain('三项岗位人员总数：\t');
    expect(paragraphs.filter((p) => p.lineToFill).map((p) => p.text)).toContain('核验总人数：\t');
    expect(text).toContain(
      `核验发现问题的 6 人中，特种作业人员 4 人、主要负责人 0 人、安全生产管理人员 1 人、未注明类别 1 人（核验合格人员未计入）。`,
    );
  });
});
