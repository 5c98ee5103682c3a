/**
 * Reading certificate files for the registry: dates as ledgers hold them, ledgers in xlsx and GBK csv built as
 * real files, and the JSON data-file format with its bad entries skipped.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/domain/errors.js';
import { parseCellDate } from '../../src/roster/read/cell-date.js';
import { readCertificateFile } from '../../src/roster/read/certificate-file.js';
import { csvText, encode, validId, xlsx } from '../roster/files.js';

const TODAY = '2026-11-24';
const LIMITS = { maxRows: 1000, maxFileBytes: 1_000_000, maxUncompressedBytes: 10_000_000 };
/** The ID with a wrong check character. */
const badCheck = (id: string) => id.slice(0, 17) + (id.endsWith('1') ? '2' : '1');
const HEADER = [
  '序号',
  '姓名',
  '身份证号',
  '人员类型',
  '作业类别',
  '准操项目',
  '证号',
  '初领日期',
  '有效期起',
  '有效期至',
  '应复审日期',
  '实际复审日期',
  '发证机关',
];

describe('parseCellDate', () => {
  it.each([
    ['2024-01-02', '2024-01-02'],
    ['2024-01-02 08:30', '2024-01-02'],
    ['2024/1/2', '2024-01-02'],
    ['2024.01.02', '2024-01-02'],
    ['2024年1月2日', '2024-01-02'],
    ['20240102', '2024-01-02'],
    ['45293', '2024-01-02'],
    ['45293.75', '2024-01-02'],
    ['2024-02-29', '2024-02-29'],
  ])('reads %s', (text, date) => {
    expect(parseCellDate(text)).toBe(date);
  });

  it.each(['2023/2/29', '2024-13-01', '20241301', '2024', '长期', '', '2024-1'])('refuses %j', (text) => {
    expect(parseCellDate(text)).toBeUndefined();
  });
});

describe('ledger files', () => {
  it('reads an xlsx ledger below its title, with date cells, text dates and person types', async () => {
    const bytes = await xlsx([
      {
        name: '台账',
        textColumns: [3],
        rows: [
          ['某公司三项岗位人员持证台账'],
          HEADER,
          [
            1,
            '甲',
            validId(1),
            '特种作业人员',
            '电工作业',
            '低压电工作业',
            `T${validId(1)}`,
            new Date(Date.UTC(2020, 2, 1)),
            new Date(Date.UTC(2023, 2, 1)),
            new Date(Date.UTC(2029, 2, 1)),
            '2026/3/1',
            '2026.02.10',
            '北京市应急管理局',
          ],
          [2, '乙', validId(2), '主要负责人', null, null, '京安2024001', null, null, 20270105],
          [3, '丙', validId(3), '安全生产管理人员', null, null, null, null, null, 46388],
          [],
          ['填表人：', '张三'],
        ],
      },
    ]);
    const read = await readCertificateFile({ name: '台账.xlsx', bytes }, LIMITS, TODAY);
    expect(read.format).toBe('ledger');
    // The 填表人 line below the ledger is no person: neither a record nor a bad row.
    expect(read.skipped).toEqual([]);
    expect(read.records).toEqual([
      {
        kind: 'special',
        idNumber: validId(1),
        name: '甲',
        certNumber: `T${validId(1)}`,
        category: '电工作业',
        item: '低压电工作业',
        firstIssued: '2020-03-01',
        validFrom: '2023-03-01',
        validUntil: '2029-03-01',
        reviewDue: '2026-03-01',
        reviewedOn: '2026-02-10',
        issuer: '北京市应急管理局',
      },
      {
        kind: 'safety',
        idNumber: validId(2),
        name: '乙',
        role: '主要负责人',
        certNumber: '京安2024001',
        validUntil: '2027-01-05',
      },
      {
        kind: 'safety',
        idNumber: validId(3),
        name: '丙',
        role: '安全生产管理人员',
        validUntil: '2027-01-01',
      },
    ]);
  });

  it('skips bad rows with their row numbers and says why', async () => {
    const rows = [
      ['姓名', '身份证号', '证书类型', '操作项目', '有效期结束日期'],
      ['好人', validId(4), '', '高压电工作业', '2030-01-01'],
      ['错号', badCheck(validId(5)), '特种作业', '高压电工作业', '2030-01-01'],
      ['无期', validId(6), '特种作业', '高压电工作业', ''],
      ['坏期', validId(7), '特种作业', '高压电工作业', '明年'],
      ['怪类', validId(8), '厨师证', '', '2030-01-01'],
      ['', validId(9), '特种作业', '高压电工作业', '2030-01-01'],
    ];
    const bytes = encode(csvText(rows), 'gbk');
    const read = await readCertificateFile({ name: 'ledger.csv', bytes }, LIMITS, TODAY);
    expect(read.records).toEqual([
      { kind: 'special', idNumber: validId(4), name: '好人', item: '高压电工作业', validUntil: '2030-01-01' },
    ]);
    expect(read.skipped.map((s) => [s.where, s.problems])).toEqual([
      ['第 3 行', [expect.stringContaining('身份证号无效：校验位不对')]],
      ['第 4 行', ['缺少有效期结束日期']],
      ['第 5 行', ['「有效期结束日期」不是日期：明年']],
      ['第 6 行', [expect.stringContaining('证书类型「厨师证」无法识别')]],
      ['第 7 行', ['缺少姓名']],
    ]);
    for (const s of read.skipped) expect(s.problems.join('')).not.toContain(badCheck(validId(5)));
  });

  it('reports an ID stored as a number as lost digits', async () => {
    const bytes = await xlsx([
      {
        name: 'S',
        rows: [
          ['姓名', '身份证号', '操作项目', '有效期至'],
          ['甲', Number('110101198001010011'), '低压电工作业', '2030-01-01'],
        ],
      },
    ]);
    const read = await readCertificateFile({ name: 'n.xlsx', bytes }, LIMITS, TODAY);
    expect(read.records).toEqual([]);
    expect(read.skipped[0]?.problems).toEqual([expect.stringContaining('末尾几位已丢失')]);
  });

  it('skips the footer lines below the ledger (填表人…, 合计) without calling them bad rows', async () => {
    const footer = '填表人：李明　审核人：王强　联系电话：0571-88886666';
    const bytes = await xlsx([
      {
        name: '台账',
        textColumns: [2],
        rows: [
          ['姓名', '身份证号', '操作项目', '有效期至'],
          ['甲', validId(20), '低压电工作业', '2030-01-01'],
          ['合计', '共 1 人'],
          [footer, footer, footer, footer],
        ],
        merges: ['A4:D4'],
      },
    ]);
    const read = await readCertificateFile({ name: '台账.xlsx', bytes }, LIMITS, TODAY);
    expect(read.records.map((r) => r.name)).toEqual(['甲']);
    expect(read.skipped).toEqual([]);
  });

  it('names sheets when the workbook has several, and refuses a file with no ledger', async () => {
    const ledgerRows = [
      ['姓名', '身份证号', '操作项目', '有效期至'],
      ['甲', validId(10), '低压电工作业', 'x'],
    ];
    const two = await xlsx([
      { name: '说明', rows: [['请按表填写']] },
      { name: '电工', textColumns: [2], rows: ledgerRows },
    ]);
    const read = await readCertificateFile({ name: 'two.xlsx', bytes: two }, LIMITS, TODAY);
    expect(read.skipped[0]?.where).toBe('工作表「电工」第 2 行');
    expect(read.warnings).toEqual([expect.stringContaining('工作表「说明」')]);

    const roster = encode(
      csvText([
        ['姓名', '身份证号', '操作项目'],
        ['甲', validId(11), '低压电工作业'],
      ]),
      'utf8',
    );
    const refused = readCertificateFile({ name: 'roster.csv', bytes: roster }, LIMITS, TODAY);
    await expect(refused).rejects.toThrow(InputError);
    await expect(refused).rejects.toThrow(/没有找到持证台账.*有效期结束日期/);
  });
});

describe('JSON certificates files', () => {
  const good = {
    kind: 'special',
    idNumber: validId(20),
    name: '甲',
    item: '低压电工作业',
    validUntil: '2030-01-01',
  };
  const file = (value: unknown, name = 'export.json') => ({
    name,
    bytes: Buffer.from(JSON.stringify(value)),
  });

  it('imports good entries, skips bad ones by number and leaves history out', async () => {
    const read = await readCertificateFile(
      file({
        certificates: [
          good,
          { ...good, validUntil: '2030-02-30' },
          { ...good, idNumber: badCheck(good.idNumber) },
          { ...good, history: true },
          { ...good, color: 'red' },
        ],
      }),
      LIMITS,
      TODAY,
    );
    expect(read.format).toBe('json');
    expect(read.records).toEqual([good]);
    expect(read.skipped.map((s) => [s.where, s.problems])).toEqual([
      ['第 2 条证书', ['validUntil：应为真实存在的日期，格式 YYYY-MM-DD']],
      ['第 3 条证书', [expect.stringContaining('身份证号无效')]],
      ['第 5 条证书', ['该条证书有未知字段 color']],
    ]);
    expect(read.warnings).toEqual([expect.stringContaining('1 条历史证书')]);
  });

  it('is told by its content too, and refuses the wrong shape or broken JSON', async () => {
    const read = await readCertificateFile(file({ certificates: [good] }, 'export.txt'), LIMITS, TODAY);
    expect(read.records).toHaveLength(1);
    await expect(readCertificateFile(file({ people: [] }), LIMITS, TODAY)).rejects.toThrow(
      /certificates：缺失（必填）/,
    );
    await expect(
      readCertificateFile({ name: 'x.json', bytes: Buffer.from('{"certificates": [') }, LIMITS, TODAY),
    ).rejects.toThrow('「x.json」不是有效的 JSON');
  });
});
