/**
 * The 问题清单 and the 检查表 beside their seeds (002: 自查自改问题清单; 003 附件1: 检查表), cell by cell: titles,
 * column and row labels in the seed's order, the blanks the seed leaves for the inspector and the signatures. The
 * seed's words are quoted here from the notices, not taken from the code.
 */
import { describe, expect, it } from 'vitest';
import { rowsFromBatch } from '../../../src/roster/write/report-rows.js';
import { reportFile } from '../../../src/roster/write/reports.js';
import { batch, cert, id, openWorkbook, rowResult, verdict } from './build.js';

const LIU = id('33010619880421017');

/** A roster of one worker whose review is overdue. */
function input() {
  const v = verdict(
    'review_overdue',
    { name: '刘洋', idNumber: LIU, personType: 'special' },
    cert(LIU, '刘洋', { item: '登高架设作业', reviewDue: '2025-08-05', reviewedOn: undefined }),
  );
  return rowsFromBatch(batch([rowResult('人员', 3, v)], '人员'), { channel: 'cli', enterprise: '甲公司' });
}

async function sheetOf(kind: 'problems' | 'checklist'): Promise<string[][]> {
  const file = await reportFile(kind, input(), { format: 'xlsx', fullIds: false });
  const sheet = (await openWorkbook(file.bytes)).worksheets[0];
  const rows: string[][] = [];
  sheet?.eachRow({ includeEmpty: true }, (row) => {
    rows.push(Array.from({ length: sheet.columnCount }, (_, i) => row.getCell(i + 1).text));
  });
  return rows;
}

/** Whether `labels` occur in `text` in this order. */
function inOrderText(text: string, labels: readonly string[]): boolean {
  let at = -1;
  for (const label of labels) {
    at = text.indexOf(label, at + 1);
    if (at < 0) return false;
  }
  return true;
}

/** Whether `labels` are cells of `cells` in this order (others may stand between them). */
function inOrder(cells: readonly string[], labels: readonly string[]): boolean {
  let at = -1;
  for (const label of labels) {
    at = cells.findIndex((c, i) => i > at && c === label);
    if (at < 0) return false;
  }
  return true;
}

describe('自查自改问题清单 beside seed 002', () => {
  it("keeps the seed's columns in its order, 整改依据 and 责任人 among them, and its sign-off line", async () => {
    const rows = await sheetOf('problems');
    expect(rows[0]?.[0]).toContain('自查自改问题清单');
    expect(inOrderText(rows[1]?.[0] ?? '', ['填报单位', '填报时间'])).toBe(true);
    const header = rows[2] ?? [];
    expect(inOrder(header, ['序号', '存在问题', '整改措施', '整改时限', '推进情况', '验收情况'])).toBe(true);
    expect(header.filter((h) => h === '整改依据' || h === '责任人')).toEqual(['整改依据', '责任人']);
    // 推进情况 and 验收情况 are filled in as the work goes on.
    expect(rows[3]?.slice(-2)).toEqual(['', '']);
    const signOff = rows.at(-1)?.[0] ?? '';
    expect(inOrderText(signOff, ['负责人：', '填报人：', '联系方式'])).toBe(true);
  });
});

describe('检查表 beside seed 003 附件1', () => {
  it("has the seed's title, lines, columns, three items with their requirements, blanks and signatures", async () => {
    const rows = await sheetOf('checklist');
    expect(rows[0]?.[0]).toBe('生产经营单位安全生产培训“走过场”专项整治工作“回头看”检查表');
    expect(rows[1]?.[0]).toMatch(/^被检查单位名称：/);
    expect(rows[2]?.[0]).toMatch(/^检查日期：\d{4}年\d{1,2}月\d{1,2}日$/);
    expect(rows[3]).toEqual(['序号', '项目', '检查内容', '具体要求', '检查方式', '检查情况']);
    const items = rows.slice(4, 7);
    expect(items.map((r) => [r[0], r[1], r[4]])).toEqual([
      ['一', '查培训计划', '查资料'],
      ['二', '查持证情况', '查台账 查证件'],
      ['三', '查培训档案', '查个人基础档案、培训记录、考试试卷等'],
    ]);
    expect(items.map((r) => r[2])).toEqual([
      '是否存在未制定本单位安全生产培训计划、未按计划实施培训的情况',
      expect.stringContaining('经安全生产知识和管理能力考核合格的情况'),
      '是否存在未如实记录安全生产教育和培训情况',
    ]);
    const requirements = items.map((r) => (r[3] ?? '').split('\n'));
    expect(requirements[0]).toEqual([
      '1.是否制定培训计划(含培训方案、培训安排等)。',
      '2.是否按照计划和规定内容、学时等要求组织了所有从业人员(主要负责人、安全生产管理人员、特种作业人员、其他从业人员,含被派遣劳动者、实习学生等)的培训,包括初次培训、年度再教育、七新培训、复工复产、换岗转岗和重新上岗等。',
      '3.委托培训的,是否选择具备安全培训条件的机构进行培训,并签订有培训协议,是否对培训实施情况进行监督。',
    ]);
    expect(requirements[1]?.map((l) => l.slice(0, 2))).toEqual(['1.', '2.', '3.']);
    expect(requirements[1]?.[1]).toContain('(网址 http://cx.mem.gov.cn)或微信公众号“国家安全生产考试”');
    expect(requirements[2]).toEqual([
      '1.是否建立一人一档安全培训档案。',
      '2.是否详细、准确记录从业人员历次接受安全培训、考核结果等情况。',
      '3.委托培训的，是否有委托培训机构提供的安全培训合格证明；自主培训的，重点查看培训时间、内容、参训人员考勤签字、教师授课等记录是否存在与实际不一致、造假等问题。',
    ]);
    // What certificates cannot tell is left to the inspector; 二 is filled from the checks.
    expect(items.map((r) => r[5] === '')).toEqual([true, false, true]);
    expect(rows.slice(-2).map((r) => r[0])).toEqual(['检查人员签字：', '被检查单位负责人签字：']);
  });
});
