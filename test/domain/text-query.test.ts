import { describe, expect, it } from 'vitest';
import { MAX_QUERIES_PER_MESSAGE, parseTextQueries } from '../../src/domain/text-query.js';
import { makeId } from './ids.js';

const TODAY = '2025-06-01';
const A = '11010519491231002X';
const B = makeId('440303', '19800229', '123');
const C = makeId('650102', '19920101', '007');
const parse = (text: string) => parseTextQueries(text, TODAY);

describe('parseTextQueries', () => {
  it('reads name, number and item', () => {
    const { queries, dropped } = parse(`张三 ${A} 低压电工`);
    expect(dropped).toBe(0);
    expect(queries).toEqual([
      { input: A, idNumber: A, valid: true, reasons: [], name: '张三', item: '低压电工' },
    ]);
  });

  it('reads several numbers with names before them, items after', () => {
    const { queries } = parse(`张三 ${A} 低压电工，李四 ${B} 焊工；王小二 ${C}`);
    expect(queries.map((q) => [q.idNumber, q.name, q.item])).toEqual([
      [A, '张三', '低压电工'],
      [B, '李四', '焊工'],
      [C, '王小二', undefined],
    ]);
  });

  it('reads names written after the numbers, one per line', () => {
    const { queries } = parse(`${A} 张三 电工\n${B} 欧阳娜娜\n${C} 李四 高处作业`);
    expect(queries.map((q) => [q.name, q.item])).toEqual([
      ['张三', '电工'],
      ['欧阳娜娜', undefined],
      ['李四', '高处作业'],
    ]);
  });

  it('lets an item at the end of a line trail its own number', () => {
    const { queries } = parse(`张三 ${A} 低压电工\n安管 李四 ${B}`);
    expect(queries.map((q) => [q.name, q.item, q.personType])).toEqual([
      ['张三', '低压电工', undefined],
      ['李四', undefined, 'manager'],
    ]);
  });

  it('allows the middle dot of ethnic names, in its look-alikes', () => {
    const { queries } = parse(`阿依古丽·买买提 ${A}\n阿卜杜热依木•艾则孜 ${B}`);
    expect(queries.map((q) => q.name)).toEqual(['阿依古丽·买买提', '阿卜杜热依木·艾则孜']);
  });

  it('takes the name nearest the number and skips labels and chatter', () => {
    const { queries } = parse(`你好，请帮我查一下张三的证，身份证号：${A}，谢谢`);
    expect(queries).toHaveLength(1);
    expect(queries[0]?.name).toBe('张三');
    expect(parse(`姓名：李四 身份证号码：${B} 工种：电焊工`).queries[0]).toMatchObject({
      name: '李四',
      item: '电焊工',
    });
  });

  it('splits a name glued to an item', () => {
    expect(parse(`张三低压电工${A}`).queries[0]).toMatchObject({ name: '张三', item: '低压电工' });
    expect(parse(`电工王五 ${A}`).queries[0]).toMatchObject({ name: '王五', item: '电工' });
  });

  it('finds numbers with inner spaces, dashes, dots, full-width characters and the T prefix', () => {
    const text = [
      '110105 19491231 002x',
      '１１０１０５－１９４９１２３１－００２Ｘ',
      '110105.1949.1231.002X',
      `T${B}`,
    ].join('，');
    const { queries } = parse(text);
    expect(queries.map((q) => q.idNumber)).toEqual([A, A, A, B]);
    expect(queries.every((q) => q.valid)).toBe(true);
    expect(queries[0]?.input).toBe('110105 19491231 002x');
  });

  it('finds a 15-digit old ID', () => {
    expect(parse('王五 110105491231002').queries[0]).toMatchObject({
      idNumber: A,
      valid: true,
      name: '王五',
    });
  });

  it('turns near-misses into invalid queries that say why', () => {
    const wrongCheck = `${A.slice(0, 17)}1`;
    const { queries } = parse(`张三 ${A.slice(0, 17)}\n李四 ${wrongCheck}`);
    expect(queries).toHaveLength(2);
    expect(queries[0]).toMatchObject({ valid: false, name: '张三' });
    expect(queries[0]?.reasons[0]).toContain('17 位');
    expect(queries[1]).toMatchObject({ valid: false, name: '李四' });
    expect(queries[1]?.reasons[0]).toContain('应为 X');
  });

  it('ignores phone numbers, dates and other short digit runs', () => {
    for (const text of [
      '电话 13800138000',
      '138-0013-8000',
      '2024-06-01 开会',
      '明天 8 点，房间 1203',
      '订单 20240601 号',
      '0755-12345678',
    ]) {
      expect(parse(text).queries, text).toEqual([]);
    }
    const mixed = parse(`张三 ${A} 电话 13800138000 生日 1949-12-31`);
    expect(mixed.queries.map((q) => q.idNumber)).toEqual([A]);
  });

  it('does not glue a phone number to a spaced ID', () => {
    const { queries } = parse('138 0013 8000 110105 19491231 002X');
    expect(queries.map((q) => q.idNumber)).toEqual([A]);
  });

  it('gives no query for greetings and chatter', () => {
    for (const text of ['你好', '在吗？', '谢谢！', 'hello', '', '查一下低压电工证'])
      expect(parse(text).queries, text).toEqual([]);
  });

  it('reads the kind of certificate', () => {
    const { queries } = parse(`主要负责人 张三 ${A}\n安管 李四 ${B}\n特种作业 王五 ${C}`);
    expect(queries.map((q) => q.personType)).toEqual(['principal', 'manager', 'special']);
    expect(parse(`张三 ${A} 安全管理人员`).queries[0]?.personType).toBe('manager');
    expect(parse(`张三 ${A} 负责人`).queries[0]?.personType).toBe('principal');
    expect(parse(`张三 ${A}`).queries[0]?.personType).toBeUndefined();
  });

  it('applies a kind written before the first name to every number', () => {
    const { queries } = parse(`查一下这几个负责人：张三 ${A}，李四 ${B}`);
    expect(queries.map((q) => [q.name, q.personType])).toEqual([
      ['张三', 'principal'],
      ['李四', 'principal'],
    ]);
  });

  it(`takes at most ${MAX_QUERIES_PER_MESSAGE} numbers and says how many were dropped`, () => {
    const ids = Array.from({ length: 23 }, (_, i) => makeId('110105', '19800101', String(100 + i)));
    const { queries, dropped, notice } = parse(ids.join('\n'));
    expect(queries).toHaveLength(MAX_QUERIES_PER_MESSAGE);
    expect(queries.map((q) => q.idNumber)).toEqual(ids.slice(0, MAX_QUERIES_PER_MESSAGE));
    expect(dropped).toBe(3);
    expect(notice).toContain('3 个');
    expect(parse(A).notice).toBeUndefined();
  });
});
