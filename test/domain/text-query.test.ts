import { describe, expect, it } from 'vitest';
import { MAX_QUERIES_PER_MESSAGE, parseTextQueries, parseTextUnits } from '../../src/domain/text-query.js';
import { wordsOf } from '../../src/domain/text-words.js';
import { argumentMixes, FORMS, type Form, type Mix, T_FORMS } from './argument-mixes.js';
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

describe('parseTextQueries: names as people type them', () => {
  const LI = '110101199003071233';
  const WANG = '110101199003075672';
  const ZHAO = '110105198503120135';
  const pairs = (text: string) => parse(text).queries.map((q) => [q.idNumber, q.name]);

  it('pairs names with numbers per line, in either order on each line', () => {
    expect(pairs(`李四 ${LI}\n${WANG} 王五`)).toEqual([
      [LI, '李四'],
      [WANG, '王五'],
    ]);
    expect(pairs(`${LI} 李四\n王五 ${WANG}\n${ZHAO} 赵六`)).toEqual([
      [LI, '李四'],
      [WANG, '王五'],
      [ZHAO, '赵六'],
    ]);
  });

  it('pairs per segment of a line (，、；) when one line holds several people', () => {
    expect(pairs(`李四 ${LI}，${WANG} 王五；赵六 ${ZHAO}`)).toEqual([
      [LI, '李四'],
      [WANG, '王五'],
      [ZHAO, '赵六'],
    ]);
    expect(pairs(`${LI} 李四、王五 ${WANG}`)).toEqual([
      [LI, '李四'],
      [WANG, '王五'],
    ]);
  });

  it('does not guess between a list of names and a list of numbers, and says so', () => {
    for (const text of [
      `张伟、王芳：${LI}、${WANG}`,
      `张伟 王芳\n${LI}\n${WANG}`,
      `${LI}、${WANG}：张伟、王芳`,
    ]) {
      const { queries, notice } = parse(text);
      expect(
        queries.map((q) => [q.idNumber, q.name]),
        text,
      ).toEqual([
        [LI, undefined],
        [WANG, undefined],
      ]);
      expect(notice, text).toContain('无法确定哪个姓名对应哪个证件号');
    }
    expect(parse(`张伟 ${LI}\n王芳 ${WANG}`).notice).toBeUndefined();
  });

  it('takes no chatter or label for a name', () => {
    for (const text of [
      `${ZHAO} 是真的吗`,
      `帮我看看 ${ZHAO}`,
      `电话：13800138000 ${ZHAO}`,
      `手机 13800138000，身份证 ${ZHAO}`,
      `王师傅 ${ZHAO}`,
      `李师傅的 ${ZHAO}`,
      `新来的 ${ZHAO}`,
      `我们单位 ${ZHAO}`,
      `查查 ${ZHAO}`,
      `这个 ${ZHAO} 有效吗`,
      `${ZHAO} 性别男`,
      `你好 ${ZHAO} 谢谢`,
      `麻烦核验 ${ZHAO}`,
      `${ZHAO} 对吗`,
    ])
      expect(parse(text).queries[0]?.name, text).toBeUndefined();
    expect(parse(`帮我看看张三 ${ZHAO} 是真的吗`).queries[0]?.name).toBe('张三');
    expect(parse(`新来的王五 ${ZHAO}`).queries[0]?.name).toBe('王五');
  });

  it('drops the spaces inside a name', () => {
    expect(parse(`张 伟 ${ZHAO}`).queries[0]?.name).toBe('张伟');
    expect(parse(`黄\u3000勇 ${ZHAO}`).queries[0]?.name).toBe('黄勇');
    expect(parse(`${ZHAO} 欧阳 娜`).queries[0]?.name).toBe('欧阳娜');
    expect(pairs(`张三 李四 ${ZHAO}`)).toEqual([[ZHAO, '李四']]);
  });

  it('reads no date as an ID number and takes an ID and its T number on one line once', () => {
    const { queries } = parse(`张三 ${ZHAO} 低压电工 2025-03-10 2031-03-10`);
    expect(queries).toEqual([
      { input: ZHAO, idNumber: ZHAO, valid: true, reasons: [], name: '张三', item: '低压电工' },
    ]);
    expect(parse('有效期 2025.03.10 至 2031.03.10').queries).toEqual([]);
    expect(parse(`张三 T${ZHAO} ${ZHAO}`).queries.map((q) => [q.idNumber, q.name])).toEqual([[ZHAO, '张三']]);
    // A dashed ID keeps its birth date.
    expect(parse('110105-1949-12-31-002X').queries[0]).toMatchObject({ idNumber: A, valid: true });
  });

  it('tells a number with a stray letter or a look-alike what is wrong instead of dropping it', () => {
    const withO = `${ZHAO.slice(0, 14)}O${ZHAO.slice(15)}`;
    const { queries } = parse(`李四 ${withO}`);
    expect(queries).toHaveLength(1);
    expect(queries[0]).toMatchObject({ valid: false, name: '李四' });
    expect(queries[0]?.reasons).toEqual(['第 15 位「O」不是数字，是否应为 0？']);
    const withL = `${ZHAO.slice(0, 16)}l${ZHAO.slice(17)}`;
    expect(parse(withL).queries[0]?.reasons).toEqual(['第 17 位「l」不是数字，是否应为 1？']);
    expect(parse(`${ZHAO.slice(0, 6)}a${ZHAO.slice(7)}`).queries[0]?.reasons[0]).toContain(
      '第 7 位「a」不是数字',
    );
  });

  it('reads an item of another ministry as an item, not as a name', () => {
    expect(parse(`张三 ${ZHAO} 叉车`).queries[0]).toMatchObject({ name: '张三', item: '叉车' });
    expect(parse(`${ZHAO} 锅炉工`).queries[0]).toMatchObject({ item: '锅炉工' });
    expect(parse(`${ZHAO} 锅炉工`).queries[0]?.name).toBeUndefined();
  });

  it.each([
    ['登高证', `张三 ${A} 登高证`, '张三'],
    ['登高证', `${A} 王芳 登高证`, '王芳'],
    ['登高证', `王芳登高证${A}`, '王芳'],
    ['氩弧焊', `王芳 ${A} 氩弧焊`, '王芳'],
    ['二保焊', `王芳 ${A} 二保焊`, '王芳'],
    ['氩弧焊工', `${A} 王芳 氩弧焊工`, '王芳'],
    ['电气焊', `工种：电气焊 姓名：王芳 ${A}`, '王芳'],
    ['气焊', `王芳 ${A} 气焊`, '王芳'],
    ['危化', `李四 ${A} 危化`, '李四'],
    ['烙铁钎焊', `李四 ${A} 烙铁钎焊`, '李四'],
  ])('reads 「%s」 as the item of a message (%s)', (item, text, name) => {
    expect(parse(text).queries[0]).toMatchObject({ name, item });
  });

  it('hints at what a lone certificate number is instead of finding nothing', () => {
    const safety = parse('12345678901234');
    expect(safety.queries).toEqual([]);
    expect(safety.notice).toContain('安全生产知识和管理能力考核合格证');
    const construction = parse('帮我查下 苏A042019000123');
    expect(construction.queries).toEqual([]);
    expect(construction.notice).toContain('建筑施工特种作业操作资格证书');
    expect(construction.notice).toContain('住房和城乡建设');
    expect(parse('13800138000').notice).toBeUndefined();
  });
});

describe('parseTextUnits', () => {
  it('keeps each text its own unit while names and items pair across them', () => {
    const found = parseTextUnits(['张三', A, '低压电工', '110105', '19491231002X'], TODAY);
    expect(found.queries.map((q) => [q.name, q.item, q.valid])).toEqual([['张三', '低压电工', true]]);
    expect(found.unitOf).toEqual([1]);
    expect(parseTextUnits(['张', '伟', A], TODAY).queries[0]?.name).toBe('张伟');
    expect(parseTextUnits([`${A} ${B}`, C], TODAY).unitOf).toEqual([0, 0, 1]);
  });
});

describe('parseTextUnits: every text its own answer', () => {
  const ZQ = makeId('440106', '19900505', '351');
  const SL = makeId('420106', '19880808', '242');
  const WW = makeId('110105', '19800101', '123');
  const units = (texts: string[]) => {
    const found = parseTextUnits(texts, TODAY);
    return found.queries.map((q, k) => [found.unitOf[k], q.idNumber, q.name]);
  };
  /** What each mix must give: one query per person, in order, with that person's name and number. */
  const expected = (mix: Mix) => mix.people.map((p) => [p.id, p.name]);
  const certOf = (form: Form, id: string) => (T_FORMS.includes(form) ? `T${id}` : undefined);

  it('keeps a name glued to a number, or before a comma, with that number', () => {
    expect(units([`赵强${ZQ}`, `孙丽，${SL}`, `王五 ${WW}`])).toEqual([
      [0, ZQ, '赵强'],
      [1, SL, '孙丽'],
      [2, WW, '王五'],
    ]);
    expect(units([`${ZQ}赵强`, `孙丽，${SL}`, WW])).toEqual([
      [0, ZQ, '赵强'],
      [1, SL, '孙丽'],
      [2, WW, undefined],
    ]);
    expect(units([`${ZQ} 赵强`, '孙丽', SL, `${WW}，王五`])).toEqual([
      [0, ZQ, '赵强'],
      [2, SL, '孙丽'],
      [3, WW, '王五'],
    ]);
    expect(units([ZQ, '赵强', '孙丽', SL])).toEqual([
      [0, ZQ, '赵强'],
      [3, SL, '孙丽'],
    ]);
  });

  it('answers a T number given after the same bare ID as its own text', () => {
    const found = parseTextUnits([ZQ, `T${ZQ}`], TODAY);
    expect(found.unitOf).toEqual([0, 1]);
    expect(found.queries).toMatchObject([
      { idNumber: ZQ, valid: true },
      { idNumber: ZQ, valid: true, certNumber: `T${ZQ}` },
    ]);
    expect(found.queries[0]?.certNumber).toBeUndefined();
  });

  it('gives every person of 300 held-out mixes of arguments their own name and number', () => {
    const mixes = argumentMixes(300, 21);
    for (const form of Object.keys(FORMS) as Form[])
      expect(
        mixes.some((m) => m.forms.includes(form)),
        form,
      ).toBe(true);
    for (const mix of mixes) {
      const found = parseTextUnits(mix.args, TODAY);
      const label = JSON.stringify(mix.args);
      expect(
        found.queries.map((q) => [q.idNumber, q.name]),
        label,
      ).toEqual(expected(mix));
      expect(
        found.queries.map((q) => q.certNumber),
        label,
      ).toEqual(mix.people.map((p, i) => certOf(mix.forms[i] as Form, p.id)));
      // Each query comes from a text holding that person's number.
      found.queries.forEach((q, k) => {
        expect(mix.args[found.unitOf[k] as number], label).toContain(q.idNumber);
      });
      expect(found.notice, label).toBeUndefined();
    }
  });

  it('pairs the same people written one per line in one message as before', () => {
    for (const mix of argumentMixes(100, 2126)) {
      const lines = mix.people.map((p, i) => FORMS[mix.forms[i] as Form](p).join(' '));
      const text = lines.join('\n');
      expect(
        parse(text).queries.map((q) => [q.idNumber, q.name]),
        text,
      ).toEqual(expected(mix));
    }
  });
});

describe('parseTextQueries: characters glued onto a number', () => {
  const ZQ = makeId('440106', '19900505', '351');
  const reasons = (text: string) => parse(text).queries.map((q) => [q.valid, q.reasons]);

  it('reads an ID with one more character as invalid, saying which, never as the ID without it', () => {
    expect(reasons('11010519491231002X1')).toEqual([[false, ['身份证号多了 1 位：末尾的「1」']]]);
    expect(reasons(`张三 ${ZQ}7 低压电工`)).toEqual([[false, ['身份证号多了 1 位：末尾的「7」']]]);
    expect(parse(`张三 ${ZQ}7`).queries[0]).toMatchObject({ input: `${ZQ}7`, name: '张三' });
  });

  it('says which letters or digits are glued before or after, in full-width too', () => {
    expect(reasons(`${ZQ}AB`)).toEqual([[false, ['身份证号多了 2 位：末尾的「AB」']]]);
    expect(reasons(`sfz${ZQ}`)).toEqual([[false, ['身份证号多了 3 位：开头的「sfz」']]]);
    expect(reasons(`9${ZQ}`)).toEqual([[false, ['身份证号多了 1 位：开头的「9」']]]);
    expect(reasons('１１０１０５１９４９１２３１００２Ｘ１')).toEqual([
      [false, ['身份证号多了 1 位：末尾的「１」']],
    ]);
    expect(reasons(`T${ZQ}12`)).toEqual([[false, ['证书编号（T 加身份证号）多了 2 位：末尾的「12」']]]);
  });

  it('reads a 15-digit old ID with characters glued on as invalid', () => {
    expect(reasons('1101054912310021234')).toEqual([[false, ['15 位旧身份证号多了 4 位：末尾的「1234」']]]);
    const [old] = parse('王五 110105491231002AB').queries;
    expect(old).toMatchObject({ valid: false, name: '王五' });
    expect(old?.reasons.join()).toContain('「A」');
  });

  it('still reads two numbers glued together as two', () => {
    expect(parse(`${A}${ZQ}`).queries.map((q) => [q.idNumber, q.valid])).toEqual([
      [A, true],
      [ZQ, true],
    ]);
  });
});

describe('parseTextQueries: the certificate number presented', () => {
  const ZQ = makeId('440106', '19900505', '351');
  const OTHER = makeId('990105', '19900505', '351');
  const pick = (text: string) => parse(text).queries.map((q) => [q.idNumber, q.name, q.certNumber, q.valid]);

  it("takes a T number beside the bare ID of one person as that person's certificate number", () => {
    expect(pick(`张三 ${ZQ} T${ZQ}`)).toEqual([[ZQ, '张三', `T${ZQ}`, true]]);
    expect(pick(`张三 T${ZQ} ${ZQ} 低压电工`)).toEqual([[ZQ, '张三', `T${ZQ}`, true]]);
    expect(pick(`张三 ${ZQ} t${ZQ.slice(0, 6)} ${ZQ.slice(6, 14)}-${ZQ.slice(14)}`)).toEqual([
      [ZQ, '张三', `T${ZQ}`, true],
    ]);
  });

  it('takes a different T number beside the ID as the card presented, not as a second person', () => {
    expect(pick(`张三 ${ZQ} T${OTHER}`)).toEqual([[ZQ, '张三', `T${OTHER}`, true]]);
    expect(pick(`T${OTHER} 张三 ${ZQ}`)).toEqual([[ZQ, '张三', `T${OTHER}`, true]]);
    expect(pick(`${ZQ} T${A} 张三`)).toEqual([[ZQ, '张三', `T${A}`, true]]);
    expect(parse(`张三 ${ZQ} T${OTHER} 低压电工`).queries[0]).toMatchObject({ item: '低压电工' });
  });

  it('reads a T number alone as the query and its own certificate number', () => {
    expect(pick(`李四 T${ZQ}`)).toEqual([[ZQ, '李四', `T${ZQ}`, true]]);
    expect(pick(`李四 ${ZQ}`)).toEqual([[ZQ, '李四', undefined, true]]);
    expect(pick('王五 T110105491231002')).toEqual([[A, '王五', undefined, true]]);
  });

  it('keeps the numbers of several people apart, one line or segment each, as before', () => {
    expect(pick(`张三 ${ZQ}\n李四 T${A}`)).toEqual([
      [ZQ, '张三', undefined, true],
      [A, '李四', `T${A}`, true],
    ]);
    expect(pick(`张三 ${ZQ}，T${A} 李四`)).toEqual([
      [ZQ, '张三', undefined, true],
      [A, '李四', `T${A}`, true],
    ]);
    expect(pick(`张三 ${ZQ} 李四 T${A}`)).toEqual([
      [ZQ, '张三', undefined, true],
      [A, '李四', `T${A}`, true],
    ]);
    expect(pick(`${ZQ} ${B} T${C}`)).toEqual([
      [ZQ, undefined, undefined, true],
      [B, undefined, undefined, true],
      [C, undefined, `T${C}`, true],
    ]);
  });

  it('leaves a T number beside a mistyped ID, or one typed wrong itself, its own query', () => {
    const short = A.slice(0, 17);
    expect(pick(`张三 ${short} T${ZQ}`).map(([id, , cert, valid]) => [id, cert, valid])).toEqual([
      [short, undefined, false],
      [ZQ, `T${ZQ}`, true],
    ]);
    expect(pick(`张三 ${ZQ} T${short}`).map(([id, , cert, valid]) => [id, cert, valid])).toEqual([
      [ZQ, undefined, true],
      [short, undefined, false],
    ]);
  });
});

describe('wordsOf', () => {
  it('reads the name, item and kind of a text without a number', () => {
    expect(wordsOf('他叫张三')).toEqual({ name: '张三' });
    expect(wordsOf('姓名：李四，低压电工')).toEqual({ name: '李四', item: '低压电工' });
    expect(wordsOf('安全员')).toEqual({ personType: 'manager' });
    expect(wordsOf('不知道')).toEqual({});
  });
});
