import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rowsFromBatch, rowsFromFindings } from '../../../src/roster/write/report-rows.js';
import { buildReport, reportFile } from '../../../src/roster/write/reports.js';
import { STATUS_FILL_ARGB } from '../../../src/roster/write/status-style.js';
import {
  batch,
  cert,
  fillOf,
  finding,
  id,
  openWorkbook,
  rowResult,
  TODAY,
  tempDir,
  verdict,
} from './build.js';

const ZHANG = id('11010519800101001');
const LI = id('11010519810202002');
const WANG = id('32010219750303003');
const ZHAO = id('44030519900404004');
const SUN = id('44030519920505005');
const maskedOf = (n: string) => `${n.slice(0, 6)}********${n.slice(14)}`;

const lowVoltage = (n: string, name: string, fields = {}) =>
  cert(n, name, { validUntil: '2026-01-01', ...fields });

/** A batch: one valid, one expired, one not found, one item mismatch, one due for review. */
function sampleBatch() {
  const sheet = '人员';
  return batch(
    [
      rowResult(
        sheet,
        3,
        verdict('valid', { name: '张三', idNumber: ZHANG, personType: 'special' }, cert(ZHANG, '张三')),
      ),
      rowResult(
        sheet,
        4,
        verdict('expired', { name: '李四', idNumber: LI, personType: 'special' }, lowVoltage(LI, '李四')),
      ),
      rowResult(
        sheet,
        5,
        verdict('not_found', { name: '王五', idNumber: WANG, item: '焊工', personType: 'special' }),
      ),
      rowResult(
        sheet,
        6,
        verdict(
          'item_mismatch',
          { name: '赵六', idNumber: ZHAO, item: '焊工', personType: 'special' },
          cert(ZHAO, '赵六'),
        ),
      ),
      rowResult(
        sheet,
        7,
        verdict(
          'review_due',
          { name: '孙七', idNumber: SUN, personType: 'manager' },
          cert(SUN, '孙七', { reviewDue: '2026-04-20', reviewedOn: undefined }),
        ),
      ),
    ],
    sheet,
  );
}

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

async function writtenXlsx(
  kind: Parameters<typeof reportFile>[0],
  input: ReturnType<typeof rowsFromBatch>,
  fullIds: boolean,
) {
  const file = await reportFile(kind, input, { format: 'xlsx', fullIds });
  const path = join(dir, file.name);
  await writeFile(path, file.bytes);
  const wb = await openWorkbook(await readFile(path));
  return { file, ws: wb.worksheets[0]! };
}

/** Rows of a sheet as arrays of cell texts (1-based columns → 0-based). */
function cellsOf(ws: import('exceljs').Worksheet): string[][] {
  const out: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) cells.push(row.getCell(c).text);
    out.push(cells);
  });
  return out;
}

describe('自查自改问题清单', () => {
  it('lists each problem with the seed columns, suspected fakes first, and the sign-off line', async () => {
    const input = rowsFromBatch(sampleBatch(), { channel: 'cli', userId: 'op', enterprise: '甲公司' });
    const { file, ws } = await writtenXlsx('problems', input, false);
    expect(file.name).toBe(`自查自改问题清单_甲公司_${TODAY}.xlsx`);
    expect(file.rows).toBe(4);
    const rows = cellsOf(ws);
    expect(rows[0]![0]).toBe('甲公司三项岗位人员持证情况自查自改问题清单');
    expect(rows[1]![0]).toBe(`填报单位（盖章）：甲公司　　填报时间：${TODAY}`);
    expect(rows[2]).toEqual([
      '序号',
      '存在问题',
      '整改依据',
      '整改措施',
      '整改时限',
      '责任人',
      '推进情况',
      '验收情况',
    ]);
    expect(rows[3]![0]).toBe('1');
    expect(rows[3]![1]).toBe(
      `王五（身份证 ${maskedOf(WANG)}）在全国统一平台查询不到「焊工」证书信息，疑似无证上岗或持假证`,
    );
    expect(rows[3]![2]).toBe('《安全生产法》第三十条、第九十七条');
    expect(rows[3]![3]).toContain('12350');
    expect(rows[3]![4]).toBe(TODAY);
    // No 责任人 in the settings: the cell is left to fill by hand.
    expect(rows[3]![5]).toBe('');
    expect(rows[4]![1]).toContain('赵六');
    expect(rows[4]![1]).toContain('证件类型不匹配');
    expect(rows[5]![1]).toBe(`李四（身份证 ${maskedOf(LI)}）低压电工作业操作证已于 2026-01-01 过期`);
    expect(rows[5]![3]).toBe('立即停止其从事相应作业，组织重新培训考核取证后方可上岗');
    expect(rows[6]![1]).toBe(`孙七（身份证 ${maskedOf(SUN)}）低压电工作业操作证应于 2026-04-20 前复审`);
    expect(rows[6]![3]).toContain('60 日内申请复审');
    expect(rows[6]![4]).toBe('2026-04-20');
    expect(rows[7]![0]).toMatch(/^负责人：\s*填报人：\s*联系方式：\s*填报日期：2026-03-10$/);
    expect(rows.flat().join()).not.toContain('张三');
    expect(ws.getCell('A1').isMerged).toBe(true);
    expect(ws.getRow(3).getCell(1).font?.bold).toBe(true);
    expect(ws.getRow(4).getCell(2).border?.top?.style).toBe('thin');
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape' });
  });

  it('asks for 换领新证 where the rule in force since 2026-06-01 governs the expiry, 延期复审换证 before it', () => {
    const expiring = (expiryMode: 'review' | 'renewal') => {
      const v = verdict(
        'expiring',
        { name: '张三', idNumber: ZHANG, personType: 'special' },
        cert(ZHANG, '张三', { validUntil: '2026-04-30' }),
      );
      if (v.best) v.best.expiryMode = expiryMode;
      const table = buildReport('problems', rowsFromBatch(batch([rowResult('人员', 3, v)], '人员')), {
        fullIds: false,
      });
      return table.rows[0]!.cells[3];
    };
    expect(expiring('renewal')).toBe('在有效期届满前换领新证，到期后不得继续从事该作业');
    expect(expiring('review')).toBe('在有效期届满前办理延期复审换证，到期后不得继续从事该作业');
  });

  it('shows full ID numbers only when asked', () => {
    const input = rowsFromBatch(sampleBatch());
    const table = buildReport('problems', input, { fullIds: true });
    expect(table.rows[0]!.cells[1]).toContain(WANG);
  });
});

describe('自查自改问题清单 from the findings log', () => {
  const cells = (findings: Parameters<typeof rowsFromFindings>[0]) =>
    buildReport('problems', rowsFromFindings(findings, { today: TODAY }), { fullIds: true }).rows.map((r) =>
      r.cells.slice(1, 5),
    );
  const lapsed = cert(ZHANG, '张三', {
    item: '登高架设作业',
    reviewDue: '2025-08-05',
    reviewedOn: undefined,
  });

  it('lists the same person and certificate once, as reported last, whatever item was typed', () => {
    const asked = finding(
      'review_overdue',
      { name: '张三', idNumber: ZHANG },
      {
        lastAt: '2026-03-02T03:00:00.000Z',
        evidence: { platformSaid: '', certificates: [lapsed] },
      },
    );
    const listed = finding(
      'review_overdue',
      { name: '张三', idNumber: ZHANG, item: '登高' },
      {
        id: 'F-roster',
        lastAt: '2026-03-05T03:00:00.000Z',
        requester: { channel: 'batch', file: '花名册.xlsx', enterprise: '甲公司' },
        evidence: { platformSaid: '', certificates: [lapsed] },
      },
    );
    const rows = buildReport('problems', rowsFromFindings([asked, listed], { today: TODAY }), {
      fullIds: true,
    }).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]?.cells[1]).toContain('登高架设作业操作证应于 2025-08-05 复审');
    // A different problem of the same person stays its own line.
    const other = finding('not_found', { name: '张三', idNumber: ZHANG, item: '焊工' }, { id: 'F-nf' });
    expect(cells([asked, listed, other])).toHaveLength(2);
  });

  it('lists 未查到证书, a manager not yet assessed with his deadline, and a concern beside a valid card', () => {
    const uncertified = finding(
      'not_found',
      { name: '王五', idNumber: WANG, item: '焊工' },
      {
        absence: { kind: 'uncertified' },
      },
    );
    const manager = finding(
      'not_found',
      { name: '孙七', idNumber: SUN },
      {
        id: 'F-manager',
        personType: 'manager',
        absence: {
          kind: 'unassessed',
          appointedOn: '2026-01-15',
          deadline: '2026-07-15',
          withinDeadline: true,
        },
      },
    );
    const retired = finding(
      'valid',
      { name: '李四', idNumber: LI },
      {
        id: 'F-old',
        concerns: ['past_retirement'],
        evidence: { platformSaid: '', certificates: [cert(LI, '李四')] },
      },
    );
    expect(cells([uncertified, manager, retired])).toEqual([
      [
        `王五（身份证 ${WANG}）在全国统一平台未查到「焊工」证书，存在无证上岗风险`,
        '《安全生产法》第三十条、第九十七条',
        expect.stringContaining('未持证的立即停止作业'),
        TODAY,
      ],
      [
        `孙七（身份证 ${SUN}）未查到安全生产知识和管理能力考核合格证（应于 2026-07-15 前考核合格，尚在期限内）`,
        '《安全生产法》第二十七条、第九十七条；《生产经营单位安全培训规定》第二十四条',
        '请在 2026-07-15 前组织其参加安全生产知识和管理能力考核并取得合格证。',
        '2026-07-15',
      ],
      [
        `李四（身份证 ${LI}）低压电工作业操作证有效，但持证人已到法定退休年龄，不宜再从事特种作业`,
        expect.stringContaining('不超过国家法定退休年龄'),
        '核实持证人年龄，已到法定退休年龄的不宜再安排其从事特种作业',
        TODAY,
      ],
    ]);
  });
});

describe('自查自改问题清单 of a batch', () => {
  it('says when a certificate found only in the history expired', () => {
    const old = cert(LI, '李四', { validUntil: '2020-01-01' });
    const newer = cert(LI, '李四', { validUntil: '2024-10-08' });
    const v = verdict('expired', { name: '李四', idNumber: LI, personType: 'special' }, undefined, {
      history: [old, newer],
    });
    const table = buildReport('problems', rowsFromBatch(batch([rowResult('人员', 3, v)], '人员')), {
      fullIds: true,
    });
    expect(table.rows[0]?.cells[1]).toBe(`李四（身份证 ${LI}）低压电工作业操作证已于 2024-10-08 过期`);
  });
});

describe('检查表 · 查持证情况', () => {
  it('fills 二 查持证情况 from the results of a batch and lists the problems; 一 and 三 are left to the inspector', async () => {
    const input = rowsFromBatch(sampleBatch(), { channel: 'cli', enterprise: '甲公司' });
    const { ws } = await writtenXlsx('checklist', input, false);
    const rows = cellsOf(ws);
    expect(rows[1]![0]).toBe('被检查单位名称：甲公司');
    expect(rows[2]![0]).toBe('检查日期：2026年3月10日');
    expect(rows[3]).toEqual(['序号', '项目', '检查内容', '具体要求', '检查方式', '检查情况']);
    expect(rows.slice(4, 7).map((r) => [r[0], r[1], r[4], r[5]])).toEqual([
      ['一', '查培训计划', '查资料', ''],
      ['二', '查持证情况', '查台账 查证件', rows[5]![5]],
      ['三', '查培训档案', '查个人基础档案、培训记录、考试试卷等', ''],
    ]);
    const holding = rows[5]![5]!.split('\n');
    expect(holding[0]).toBe('1. 台账：本机器人中没有本单位的持证台账，是否分类建立台账须查看台账原件。');
    expect(holding[1]).toContain('cx.mem.gov.cn');
    expect(holding[1]).toContain('国家安全生产考试');
    expect(holding[1]).toContain(
      '核验 5 人（特种作业人员 4 人、主要负责人 0 人、安全生产管理人员 1 人），查询到证书信息 4 人',
    );
    expect(holding[2]).toBe(
      '3. 有效期和类型：证件有效 1 人；应复审 1 人，已过期 1 人，未查到 1 人，操作项目不符 1 人；发现问题 4 项，逐项列于下方并列入自查自改问题清单。',
    );
    expect(rows[7]![0]).toBe('查持证情况发现的问题（4 项）：');
    expect(rows[8]![0]).toMatch(/^1\. 王五（身份证 \d{6}\*{8}\d{3}[\dX]）在全国统一平台查询不到/);
    expect(rows.slice(-2).map((r) => r[0])).toEqual(['检查人员签字：', '被检查单位负责人签字：']);
  });

  it('says when it only knows the findings log, and counts from the check tally when given', () => {
    const input = rowsFromFindings([finding('not_found', { name: '王五', idNumber: WANG })], {
      today: TODAY,
    });
    const holding = () => String(buildReport('checklist', input, { fullIds: false }).rows[1]!.cells[5]);
    expect(holding()).toContain('证书有效且无须整改的人员不在问题记录中');
    expect(holding()).toContain('未查到 1 人');
    input.checked = {
      people: 40,
      found: 39,
      byStatus: { valid: 36, expiring: 3, not_found: 1 },
      byClass: { special: 30, manager: 6, principal: 2, unknown: 2 },
      firstDay: '2026-03-01',
      lastDay: '2026-03-09',
    };
    input.ledger = { special: 31, principal: 2, manager: 6, unknown: 0 };
    expect(holding()).toContain('2026-03-01 至 2026-03-09 通过');
    expect(holding()).toContain(
      '核验 40 人（特种作业人员 30 人、主要负责人 2 人、安全生产管理人员 6 人、未注明类别 2 人）',
    );
    expect(holding()).toContain('证件有效 36 人；即将到期 3 人，未查到 1 人');
    expect(holding()).toContain(
      '已分类建立三项岗位人员持证台账，在册特种作业人员 31 人、主要负责人 2 人、安全生产管理人员 6 人',
    );
  });
});

describe('线索清单', () => {
  it('has one row per lead with its kind, who reported it and what the platform said', async () => {
    const findings = [
      finding('not_found', { name: '王五', idNumber: WANG, item: '焊工' }, { count: 3 }),
      finding('expired', { name: '李四', idNumber: LI }),
      finding(
        'name_mismatch',
        { name: '赵六', idNumber: ZHAO },
        {
          evidence: {
            source: 'cache',
            platformSaid: '查到 1 本证件，登记姓名不同',
            answeredAt: '2026-03-01T08:30:00.000Z',
            certificates: [],
          },
        },
      ),
      finding(
        'valid',
        { name: '李四', idNumber: LI },
        {
          photoLead: 'altered_card',
          evidence: {
            source: 'national',
            platformSaid: '',
            certificates: [],
            photo: {
              sha256: 'ab'.repeat(32),
              qrText: 'hxxps://wxcx[.]mem[.]gov[.]cn/certsearch/cert/qrcode#0123',
              findings: ['证上的有效期至与全国平台记录不符'],
              differences: [{ label: '有效期至', card: '2035-03-10', platform: '2031-03-10' }],
            },
          },
        },
      ),
    ];
    const input = rowsFromFindings(findings, { today: TODAY, from: '2026-03-01', to: '2026-03-31' });
    const pendingId = findings[0]?.id;
    input.leadStanding = (id) =>
      id === pendingId
        ? { label: '待复核', recheckOn: '2026-03-05' }
        : { label: '已撤回', note: `已查到 ${ZHAO}` };
    const { ws } = await writtenXlsx('leads', input, false);
    const rows = cellsOf(ws);
    expect(rows[2]).toContain('核验期间：2026-03-01 至 2026-03-31');
    const header = rows[3]!;
    expect(header).toEqual([
      '序号',
      '线索类型',
      '发现日期',
      '报告人',
      '单位',
      '姓名',
      '身份证号',
      '操作项目',
      '核验结果',
      '平台答复',
      '答复时间',
      '数据来源',
      '报告次数',
      '照片证据',
      '线索状态',
      '复核日期',
      '状态说明',
    ]);
    expect(rows[4]).toEqual([
      '1',
      '疑似假证',
      '2026-03-02',
      '微信 王安全（群 安全群）',
      '甲公司',
      '王五',
      maskedOf(WANG),
      '焊工',
      '未查到',
      '没有查询到相关证件信息',
      '2026-03-02 09:00',
      '全国统一平台',
      '3',
      '',
      '待复核',
      '2026-03-05',
      '',
    ]);
    // The standing's words are masked like the rest.
    expect(rows[5]!.slice(14)).toEqual(['已撤回', '', `已查到 ${maskedOf(ZHAO)}`]);
    expect(rows[5]!.slice(1, 12)).toEqual([
      '疑似冒用',
      '2026-03-02',
      '微信 王安全（群 安全群）',
      '甲公司',
      '赵六',
      maskedOf(ZHAO),
      '',
      '姓名不符',
      '查到 1 本证件，登记姓名不同',
      '2026-03-01 16:30',
      '全国统一平台（缓存）',
    ]);
    // A photo's lead stands although its verdict is valid; the expired certificate of the same person is no lead.
    expect(rows[6]![1]).toBe('疑似涂改证件');
    expect(rows[6]![8]).toBe('有效');
    expect(rows[6]![13]).toBe(
      `证上的有效期至与全国平台记录不符；有效期至：证上 2035-03-10，平台 2031-03-10；二维码：hxxps://wxcx[.]mem[.]gov[.]cn/certsearch/cert/qrcode#0123；图片 SHA-256：${'ab'.repeat(32)}`,
    );
    expect(rows.length).toBe(7 + 3);
    expect(fillOf(ws, 5, 9)).toBe(STATUS_FILL_ARGB.red);
    expect(ws.autoFilter).toBe('A4:Q7');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
  });
});

describe('月度统计', () => {
  it('counts by month, enterprise and category, with totals', () => {
    const findings = [
      finding('not_found', { name: '王五', idNumber: WANG, item: '焊工' }),
      finding('not_found', { name: '赵六', idNumber: ZHAO, item: '电焊工' }, { day: '2026-03-20' }),
      finding(
        'expired',
        { name: '李四', idNumber: LI },
        {
          evidence: { platformSaid: '', certificates: [lowVoltage(LI, '李四')] },
        },
      ),
      finding('expired', { name: '孙七', idNumber: SUN }, { day: '2026-02-27', enterprise: '乙公司' }),
    ];
    const table = buildReport('stats', rowsFromFindings(findings, { today: TODAY }), { fullIds: false });
    const headers = table.columns.map((c) => c.header);
    expect(headers.slice(0, 3)).toEqual(['月份', '单位', '作业类别']);
    expect(headers.at(-1)).toBe('合计');
    const col = (h: string) => headers.indexOf(h);
    const byKey = new Map(table.rows.map((r) => [r.cells.slice(0, 3).join('/'), r.cells]));
    expect([...byKey.keys()]).toEqual([
      '2026-02/乙公司/未注明',
      '2026-03/甲公司/电工作业',
      '2026-03/甲公司/焊接与热切割作业',
      '合计//',
    ]);
    expect(byKey.get('2026-03/甲公司/焊接与热切割作业')![col('未查到')]).toBe(2);
    expect(byKey.get('2026-03/甲公司/电工作业')![col('已过期')]).toBe(1);
    const total = byKey.get('合计//')!;
    expect(total[col('未查到')]).toBe(2);
    expect(total[col('已过期')]).toBe(2);
    expect(total[col('合计')]).toBe(4);
  });
  it('counts an item as people name it under the category the catalogue places it in', () => {
    const findings = [
      finding('not_found', { name: '王五', idNumber: WANG, item: '电工（低压）' }),
      finding('not_found', { name: '赵六', idNumber: ZHAO, item: '氩弧焊' }),
      finding('not_found', { name: '孙七', idNumber: SUN, item: '危化' }),
      // 爆破工 may be 煤矿 or 金属非金属矿山: counted under neither.
      finding('not_found', { name: '李四', idNumber: LI, item: '爆破工' }),
    ];
    const table = buildReport('stats', rowsFromFindings(findings, { today: TODAY }), { fullIds: false });
    expect(table.rows.map((r) => r.cells[2]).sort()).toEqual(
      ['电工作业', '焊接与热切割作业', '危险化学品安全作业', '未注明', ''].sort(),
    );
  });
});

describe('问题记录', () => {
  it('is the findings log as a table', async () => {
    const input = rowsFromFindings([finding('not_found', { name: '王五', idNumber: WANG }, { count: 2 })], {
      today: TODAY,
    });
    const { ws, file } = await writtenXlsx('findings', input, true);
    expect(file.rows).toBe(1);
    const rows = cellsOf(ws);
    const header = rows[2]!;
    const row = rows[3]!;
    const at = (h: string) => row[header.indexOf(h)];
    expect(at('首次时间')).toBe('2026-03-02 09:00');
    expect(at('最近时间')).toBe('2026-03-02 11:00');
    expect(at('次数')).toBe('2');
    expect(at('状态词')).toBe('not_found');
    expect(at('身份证号')).toBe(WANG);
    expect(at('来源')).toBe('微信 王安全（群 安全群）');
    expect(fillOf(ws, 4, header.indexOf('核验结果') + 1)).toBe(STATUS_FILL_ARGB.red);
  });
});

describe('the platform’s own status', () => {
  it('stands beside the certificate in a batch’s rows and in the logged findings', () => {
    const fromBatch = rowsFromBatch(
      batch([
        rowResult(
          '人员',
          3,
          verdict(
            'expired',
            { name: '李四', idNumber: LI, personType: 'special' },
            lowVoltage(LI, '李四', { platformStatus: '过期' }),
          ),
        ),
      ]),
    );
    expect(fromBatch.rows[0]!.platformSaid).toContain(
      '低压电工作业，有效期至 2026-01-01，应复审 2025-05-01，实际复审 2025-04-20，平台状态：过期',
    );
    expect(JSON.stringify(buildReport('findings', fromBatch, { fullIds: false }))).toContain(
      '平台状态：过期',
    );

    const logged = finding(
      'expired',
      { name: '李四', idNumber: LI },
      {
        evidence: {
          platformSaid: '低压电工作业操作证已于 2026-01-01 过期',
          certificates: [lowVoltage(LI, '李四', { platformStatus: '过期' })],
        },
      },
    );
    const fromLog = rowsFromFindings([logged], { today: TODAY });
    expect(fromLog.rows[0]!.platformSaid).toBe('低压电工作业操作证已于 2026-01-01 过期｜平台状态：过期');
    const two = finding(
      'item_mismatch',
      { name: '李四', idNumber: LI },
      {
        evidence: {
          platformSaid: '',
          certificates: [
            lowVoltage(LI, '李四', { platformStatus: '有效' }),
            cert(LI, '李四', { item: '熔化焊接与热切割作业', category: '焊接与热切割作业' }),
          ],
        },
      },
    );
    expect(rowsFromFindings([two], { today: TODAY }).rows[0]!.platformSaid).toBe(
      '平台状态：低压电工作业操作证 有效',
    );
  });
});

describe('masking', () => {
  it('masks ID numbers inside reasons and platform answers unless fullIds', () => {
    const f = finding(
      'not_found',
      { name: '王五', idNumber: WANG },
      { reasons: [`证书编号 T${WANG} 未查到`] },
    );
    f.evidence.platformSaid = `按 ${WANG} 没有查询到相关证件信息`;
    const input = rowsFromFindings([f], { today: TODAY });
    for (const kind of ['problems', 'leads', 'findings', 'checklist'] as const) {
      const masked = JSON.stringify(buildReport(kind, input, { fullIds: false }));
      expect(masked, kind).not.toContain(WANG);
      expect(masked, kind).toContain(maskedOf(WANG));
    }
    expect(JSON.stringify(buildReport('findings', input, { fullIds: true }))).toContain(`T${WANG}`);
  });
});
