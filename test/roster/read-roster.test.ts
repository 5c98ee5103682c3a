import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/domain/errors.js';
import { readRoster } from '../../src/roster/read/read-roster.js';
import { craftZip, csvText, encode, validId, xlsx } from './files.js';

const limits = { maxRows: 1000, maxFileBytes: 5_000_000, maxUncompressedBytes: 50_000_000 };
const TODAY = '2025-06-01';

const HEADER = ['序号', '姓名', '身份证号码（18位）', '作业类别', '操作项目', '部门'];

function people(n: number): string[][] {
  return Array.from({ length: n }, (_, i) => [
    String(i + 1),
    `员工${i + 1}`,
    validId(i + 1),
    '电工作业',
    '低压电工作业',
    '机修班',
  ]);
}

describe('readRoster: xlsx', () => {
  it('finds the header below a merged title and a date line, and reads rows with their Excel row numbers', async () => {
    const bytes = await xlsx([
      {
        name: '特种作业人员',
        rows: [['某某化工有限公司特种作业人员持证台账'], ['填报日期：2025年5月'], HEADER, ...people(3)],
        merges: ['A1:F1', 'A2:F2', 'F4:F6'],
        textColumns: [3],
      },
    ]);
    const roster = await readRoster({ name: '台账.xlsx', bytes }, limits, TODAY);
    expect(roster.sheets).toHaveLength(1);
    const sheet = roster.sheets[0]!;
    expect(sheet.headerRow).toBe(3);
    expect(sheet.aboveHeader?.map((r) => [r.rowNumber, r.cells[0]])).toEqual([
      [1, '某某化工有限公司特种作业人员持证台账'],
      [2, '填报日期：2025年5月'],
    ]);
    expect(sheet.columns).toEqual({ name: 1, idNumber: 2, item: 4, department: 5 });
    expect(sheet.columnNotes).toContain('「身份证号码（18位）」列作为身份证号');
    expect(sheet.columnNotes).toContain('「操作项目」列作为操作项目');
    expect(sheet.rows.map((r) => r.rowNumber)).toEqual([4, 5, 6]);
    const first = sheet.rows[0]!;
    expect(first.query).toMatchObject({
      idNumber: validId(1),
      valid: true,
      name: '员工1',
      item: '低压电工作业',
    });
    expect(first.problems).toEqual([]);
    // the vertically merged department cell reaches every row it covers
    expect(sheet.rows.map((r) => r.department)).toEqual(['机修班', '机修班', '机修班']);
  });

  it('reads every sheet that holds a roster and skips, with a warning, one without an ID column', async () => {
    const bytes = await xlsx([
      { name: '电工', rows: [HEADER, ...people(2)] },
      { name: '填表说明', rows: [['说明'], ['身份证号请填写 18 位']] },
      {
        name: '管理人员',
        rows: [
          ['姓名', '证件号码', '人员类型', '单位'],
          ['李四', validId(9), '安全生产管理人员', '一分厂'],
        ],
      },
    ]);
    const roster = await readRoster({ name: 'r.xlsx', bytes }, limits, TODAY);
    expect(roster.sheets.map((s) => s.name)).toEqual(['电工', '管理人员']);
    expect(roster.warnings.some((w) => w.includes('「填表说明」') && w.includes('已跳过'))).toBe(true);
    const manager = roster.sheets[1]!.rows[0]!;
    expect(manager.query.personType).toBe('manager');
    expect(manager.enterprise).toBe('一分厂');
  });

  it('keeps bad rows with their problems and skips empty and footer rows', async () => {
    const badCheck = `${validId(5).slice(0, 17)}${validId(5).endsWith('0') ? '1' : '0'}`;
    const bytes = await xlsx([
      {
        name: 'Sheet1',
        rows: [
          ['姓名', '身份证号'],
          ['张三', validId(1)],
          [],
          ['王五', badCheck],
          [null, validId(2)],
          ['赵六', ''],
          [],
          ['', ''],
        ],
      },
    ]);
    const roster = await readRoster({ name: 'r.xlsx', bytes }, limits, TODAY);
    const rows = roster.sheets[0]!.rows;
    expect(rows.map((r) => r.rowNumber)).toEqual([2, 4, 5, 6]);
    expect(rows[0]!.problems).toEqual([]);
    expect(rows[1]!.query.valid).toBe(false);
    expect(rows[1]!.problems[0]).toMatch(/^身份证号无效：/);
    expect(rows[2]!.problems).toEqual(['缺少姓名']);
    expect(rows[2]!.query.valid).toBe(true);
    expect(rows[3]!.problems).toEqual(['缺少身份证号']);
  });

  it('flags an ID typed as a number, which has lost its last digits', async () => {
    const id = validId(3);
    const bytes = await xlsx([
      {
        name: 'S',
        rows: [
          ['姓名', '身份证号'],
          ['张三', Number(id)],
          ['李四', validId(4)],
        ],
      },
    ]);
    const roster = await readRoster({ name: 'r.xlsx', bytes }, limits, TODAY);
    const [asNumber, asText] = roster.sheets[0]!.rows;
    expect(asNumber!.problems.join()).toContain('在 Excel 中存成了数字');
    expect(asNumber!.cells[1]).not.toBe(id);
    expect(asText!.problems).toEqual([]);
    expect(roster.warnings).toEqual([
      '工作表「S」第 2 行的身份证号在 Excel 中存成了数字，后 3 位已丢失（Excel 只保留 15 位有效数字）：请把该列设为文本后重新输入这些号码',
    ]);
  });

  it('shows rich text, formula results and dates as displayed', async () => {
    const id = validId(6);
    const bytes = await xlsx([
      {
        name: 'S',
        rows: [
          ['姓名', '身份证号', '操作项目', '入职日期'],
          [
            { richText: [{ text: '张' }, { text: '三', font: { bold: true } }] },
            { formula: 'A1', result: id },
            '焊工',
            new Date(Date.UTC(2020, 4, 3)),
          ],
        ],
      },
    ]);
    const row = (await readRoster({ name: 'r.xlsx', bytes }, limits, TODAY)).sheets[0]!.rows[0]!;
    expect(row.query.name).toBe('张三');
    expect(row.query.idNumber).toBe(id);
    expect(row.cells[3]).toBe('2020-05-03');
  });

  it('takes the ID from a certificate number (T + ID) when there is no ID column', async () => {
    const bytes = await xlsx([
      {
        name: 'S',
        rows: [
          ['姓名', '证书编号'],
          ['张三', `T${validId(7)}`],
        ],
      },
    ]);
    const row = (await readRoster({ name: 'r.xlsx', bytes }, limits, TODAY)).sheets[0]!.rows[0]!;
    expect(row.query).toMatchObject({ idNumber: validId(7), valid: true });
  });

  it('refuses a workbook with no roster, naming the sheets it looked at', async () => {
    const bytes = await xlsx([
      { name: '封面', rows: [['2025 年持证情况']] },
      {
        name: '统计',
        rows: [
          ['部门', '人数'],
          ['机修', '3'],
        ],
      },
    ]);
    const error = await readRoster({ name: 'r.xlsx', bytes }, limits, TODAY).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain('「封面」、「统计」');
  });
});

describe('readRoster: csv charsets', () => {
  const rows = [
    ['姓名', '身份证号', '工种'],
    ['张三', validId(1), '电焊工'],
    ['欧阳娜娜', validId(2), '高处作业'],
  ];

  it.each([
    ['GBK', encode(csvText(rows), 'gbk')],
    ['UTF-8 with BOM', encode(csvText(rows), 'utf8', true)],
    ['UTF-8 without BOM', encode(csvText(rows), 'utf8')],
    ['UTF-16LE with BOM, tab-separated', encode(csvText(rows, '\t'), 'utf16le', true)],
    ['UTF-16BE without BOM', encode(csvText(rows), 'utf16be')],
  ])('reads %s', async (_label, bytes) => {
    const roster = await readRoster({ name: '名单.csv', bytes }, limits, TODAY);
    const sheet = roster.sheets[0]!;
    expect(sheet.name).toBe('名单');
    expect(sheet.rows.map((r) => [r.query.name, r.query.idNumber, r.query.item])).toEqual([
      ['张三', validId(1), '电焊工'],
      ['欧阳娜娜', validId(2), '高处作业'],
    ]);
  });

  it('flags an ID that Excel exported in scientific notation', async () => {
    const bytes = encode(
      csvText([
        ['姓名', '身份证号'],
        ['张三', '1.10101E+17'],
      ]),
      'utf8',
    );
    const row = (await readRoster({ name: 'a.csv', bytes }, limits, TODAY)).sheets[0]!.rows[0]!;
    expect(row.problems.join()).toContain('在 Excel 中存成了数字');
  });
});

describe('readRoster: refusals before parsing', () => {
  it('refuses a PDF named .xlsx and binary data named .csv', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
    await expect(readRoster({ name: '名单.xlsx', bytes: pdf }, limits, TODAY)).rejects.toThrow(
      '不是可读取的表格文件',
    );
    const binary = Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919) % 256));
    await expect(readRoster({ name: '名单.csv', bytes: binary }, limits, TODAY)).rejects.toThrow(
      '不是可读取的表格文件',
    );
    const noZeros = Buffer.from(Array.from({ length: 2048 }, (_, i) => ((i * 7919) % 255) + 1));
    await expect(readRoster({ name: '名单.csv', bytes: noZeros }, limits, TODAY)).rejects.toThrow(
      '不是可读取的表格文件',
    );
    const controls = Buffer.from(
      Array.from({ length: 2048 }, (_, i) => (i % 3 === 0 ? 1 + (i % 8) : 65 + (i % 26))),
    );
    await expect(readRoster({ name: '名单.csv', bytes: controls }, limits, TODAY)).rejects.toThrow(
      '不是可读取的表格文件',
    );
  });

  it('refuses a zip that holds no workbook', async () => {
    const zip = craftZip([{ name: 'word/document.xml', data: Buffer.from('<w/>') }]);
    await expect(readRoster({ name: 'a.xlsx', bytes: zip }, limits, TODAY)).rejects.toThrow(
      '没有 Excel 或 ODS 工作簿',
    );
  });

  it('refuses an oversized file', async () => {
    const bytes = encode(csvText([['姓名', '身份证号'], ...people(50).map((p) => [p[1]!, p[2]!])]), 'utf8');
    const error = await readRoster({ name: 'a.csv', bytes }, { ...limits, maxFileBytes: 1000 }, TODAY).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/文件太大.*请拆分/);
  });

  it('refuses a zip bomb by the sizes its directory declares, without inflating it', async () => {
    const bomb = craftZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(16), claimedSize: 0xfff00000 },
    ]);
    const error = await readRoster({ name: 'bomb.xlsx', bytes: bomb }, limits, TODAY).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain('解压后过大');
  });

  it('refuses a real workbook whose content exceeds the uncompressed limit', async () => {
    const bytes = await xlsx([{ name: 'S', rows: [HEADER, ...people(200)] }]);
    await expect(
      readRoster({ name: 'a.xlsx', bytes }, { ...limits, maxUncompressedBytes: 10_000 }, TODAY),
    ).rejects.toThrow('解压后过大');
  });

  it('refuses a roster with more rows than allowed', async () => {
    const bytes = encode(csvText([['姓名', '身份证号'], ...people(40).map((p) => [p[1]!, p[2]!])]), 'utf8');
    await expect(readRoster({ name: 'a.csv', bytes }, { ...limits, maxRows: 10 }, TODAY)).rejects.toThrow(
      '超过单次上限 10 行',
    );
    const book = await xlsx([{ name: 'S', rows: [HEADER, ...people(40)] }]);
    await expect(
      readRoster({ name: 'a.xlsx', bytes: book }, { ...limits, maxRows: 10 }, TODAY),
    ).rejects.toThrow('超过单次上限');
  });
});

describe('readRoster: names and 工种 as rosters write them', () => {
  it('drops the spaces inside a name, ideographic ones too', async () => {
    const bytes = encode(
      csvText([
        ['姓名', '身份证号'],
        ['张 伟', validId(1)],
        ['黄\u3000勇', validId(2)],
      ]),
      'utf8',
    );
    const sheet = (await readRoster({ name: '名单.csv', bytes }, limits, TODAY)).sheets[0]!;
    expect(sheet.rows.map((r) => [r.query.name, r.problems])).toEqual([
      ['张伟', []],
      ['黄勇', []],
    ]);
  });

  it('reads a 工种 that names a person type as the type, not as an operation item', async () => {
    const bytes = encode(
      csvText([
        ['姓名', '身份证号', '工种'],
        ['张三', validId(1), '安全生产管理人员'],
        ['李四', validId(2), '主要负责人'],
        ['王五', validId(3), '安全管理'],
        ['赵六', validId(4), '专职安全员'],
        ['钱七', validId(5), '企业负责人'],
        ['孙八', validId(6), '电工'],
      ]),
      'utf8',
    );
    const sheet = (await readRoster({ name: '名单.csv', bytes }, limits, TODAY)).sheets[0]!;
    expect(sheet.rows.map((r) => [r.query.item, r.query.personType])).toEqual([
      [undefined, 'manager'],
      [undefined, 'principal'],
      [undefined, 'manager'],
      [undefined, 'manager'],
      [undefined, 'principal'],
      ['电工', undefined],
    ]);
  });
});
