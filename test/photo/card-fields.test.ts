import { describe, expect, it } from 'vitest';
import { cardFieldsFromLines, datesIn, idFromText } from '../../src/photo/card-fields.js';
import type { OcrLine } from '../../src/photo/ocr-engine.js';

/** An OCR line at row `row` (48 px apart) starting at x, 30 px tall, the page turned by `tilt` degrees. */
function line(text: string, row: number, x = 250, mean = 0.99, tilt = 0): OcrLine {
  const y = 170 + row * 48;
  const a = (tilt * Math.PI) / 180;
  const turn = ([px, py]: [number, number]) => [
    px * Math.cos(a) - py * Math.sin(a),
    px * Math.sin(a) + py * Math.cos(a),
  ];
  return {
    text,
    mean,
    box: [
      turn([x, y]),
      turn([x + 20 * text.length, y]),
      turn([x + 20 * text.length, y + 30]),
      turn([x, y + 30]),
    ],
  };
}

describe('cardFieldsFromLines', () => {
  it('reads every field of an IC card as the engine returns it (label and value on one line)', () => {
    const lines = [
      line('中华人民共和国', -2, 450),
      line('特种作业操作证', -1, 440),
      line('证号 T310115199007080247', 0),
      line('姓名 王芳', 1),
      line('性别 女', 2),
      line('作业类别 焊接与热切割作业', 3),
      line('操作项目 熔化焊接与热切割作业', 4),
      line('初领日期 2023-06-20', 5),
      line('有效期限 2023-06-20 至 2029-06-20', 6, 250, 0.95),
      line('应复审日期 2026-06-20', 7),
      line('实际复审日期 2026-05-12', 8),
      line('签发机关 上海市应急管理局', 9),
    ];
    const { fields, labels } = cardFieldsFromLines(lines);
    expect(labels).toBe(10);
    expect(Object.entries(fields).map(([name, f]) => `${name} ${f.text} ${f.confidence}`)).toEqual([
      'certNumber T310115199007080247 0.99',
      'idNumber 310115199007080247 0.99',
      'name 王芳 0.99',
      'sex 女 0.99',
      'category 焊接与热切割作业 0.99',
      'item 熔化焊接与热切割作业 0.99',
      'firstIssued 2023-06-20 0.99',
      'validFrom 2023-06-20 0.95',
      'validUntil 2029-06-20 0.95',
      'reviewDue 2026-06-20 0.99',
      'reviewedOn 2026-05-12 0.99',
      'issuer 上海市应急管理局 0.99',
    ]);
  });

  it('joins a label and its value given as two boxes, shuffled, and takes full-width colons', () => {
    const lines = [
      line('张伟', 1, 440, 0.8),
      line('姓名：', 1, 250),
      line('T110105198503120135', 0, 440),
      line('证号:', 0, 250),
      line('准操项目：司钻作业(钻井作业)', 2),
    ];
    const { fields } = cardFieldsFromLines(lines);
    expect(fields.name).toEqual({ text: '张伟', confidence: 0.8 });
    expect(fields.idNumber?.text).toBe('110105198503120135');
    expect(fields.item?.text).toBe('司钻作业(钻井作业)');
  });

  it('keeps a label and its value on one row in a photo tilted by 8°, either way', () => {
    for (const tilt of [8, -8]) {
      const rows = [
        ['证号', 'T140202198608090333'],
        ['姓名', '周杰'],
        ['性别', '男'],
        ['作业类别', '煤矿安全作业'],
        ['操作项目', '煤矿井下电气作业'],
      ];
      const lines = rows.flatMap(([label, value], i) => [
        line(label as string, i, 250, 0.99, tilt),
        line(value as string, i, 440, 0.99, tilt),
      ]);
      const { fields } = cardFieldsFromLines(lines);
      expect(fields.name?.text, `tilt ${tilt}`).toBe('周杰');
      expect(fields.sex?.text).toBe('男');
      expect(fields.idNumber?.text).toBe('140202198608090333');
      expect(fields.category?.text).toBe('煤矿安全作业');
      expect(fields.item?.text).toBe('煤矿井下电气作业');
    }
  });

  it('takes the next row as the value of a label left alone on its row', () => {
    const { fields } = cardFieldsFromLines([line('签发机关', 0), line('北京市应急管理局', 1, 250, 0.9)]);
    expect(fields.issuer).toEqual({ text: '北京市应急管理局', confidence: 0.9 });
  });

  it('splits a row holding two labels, tolerates spaces inside labels and one wrong character in a long one', () => {
    const { fields } = cardFieldsFromLines([
      line('姓 名 王芳   性 别 女', 0),
      line('签发机美 上海市应急管理局', 1),
      line('有效期：2023年06月20日至2029年06月20日', 2),
    ]);
    expect(fields.name?.text).toBe('王芳');
    expect(fields.sex?.text).toBe('女');
    expect(fields.issuer?.text).toBe('上海市应急管理局');
    expect([fields.validFrom?.text, fields.validUntil?.text]).toEqual(['2023-06-20', '2029-06-20']);
  });

  it('keeps the ID of 身份证号 apart from a certificate number that is no ID', () => {
    const { fields } = cardFieldsFromLines([
      line('证号 3301062028000123', 0),
      line('身份证号 330203198001180596', 1),
    ]);
    expect(fields.certNumber?.text).toBe('3301062028000123');
    expect(fields.idNumber?.text).toBe('330203198001180596');
  });

  it('finds no labels in text that is no card', () => {
    const { fields, labels } = cardFieldsFromLines([line('今日特价 鸡蛋 5.98元', 0), line('欢迎光临', 1)]);
    expect(labels).toBe(0);
    expect(fields).toEqual({});
  });
});

describe('datesIn', () => {
  it('reads the usual spellings into YYYY-MM-DD, fixing O and l, and drops impossible dates', () => {
    expect(datesIn('2025-03-10')).toEqual(['2025-03-10']);
    expect(datesIn('2025.3.1至2031.03.10')).toEqual(['2025-03-01', '2031-03-10']);
    expect(datesIn('2025年03月10日')).toEqual(['2025-03-10']);
    expect(datesIn('2O25-O3-l0')).toEqual(['2025-03-10']);
    expect(datesIn('2025-02-30')).toEqual([]);
  });
});

describe('idFromText', () => {
  it('reads letters as digits only where the check character confirms it', () => {
    expect(idFromText('T11O1O5198503l20135')).toEqual({ id: '110105198503120135', corrected: true });
    expect(idFromText('32010219820915035x')).toEqual({ id: '32010219820915035X', corrected: false });
    // O for 0 here gives a wrong check character: the reading is kept as it is, for the sender to confirm.
    expect(idFromText('11O105198503120136')).toEqual({ id: '11O105198503120136', corrected: false });
    expect(idFromText('T 110105 19850312 0135 )')).toEqual({ id: '110105198503120135', corrected: false });
    expect(idFromText('1101051985')).toBeUndefined();
  });
});
