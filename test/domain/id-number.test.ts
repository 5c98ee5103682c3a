import { describe, expect, it } from 'vitest';
import {
  ageOfId,
  birthDateOfId,
  checkCharacter,
  queryFromIdCheck,
  sexOfId,
  validateIdNumber,
} from '../../src/domain/id-number.js';
import { maskId } from '../../src/domain/mask.js';
import { makeId, withCheck } from './ids.js';

const TODAY = '2025-06-01';
const EXAMPLE = '11010519491231002X';
const SAMPLES = [
  EXAMPLE,
  makeId('440303', '19800229', '123'),
  makeId('650102', '20010101', '007'),
  makeId('310104', '19751130', '998'),
  makeId('810000', '19900615', '011'),
];
const CHECK_CHARS = '0123456789X';

describe('validateIdNumber: valid numbers', () => {
  it('accepts the example of domain.md and derives sex, birth date and age', () => {
    const check = validateIdNumber(EXAMPLE, TODAY);
    expect(check).toMatchObject({
      valid: true,
      idNumber: EXAMPLE,
      kind: 'resident',
      reasons: [],
      problems: [],
    });
    expect(check.sex).toBe('女');
    expect(check.birthDate).toBe('1949-12-31');
    expect(sexOfId(EXAMPLE)).toBe('女');
    expect(birthDateOfId(EXAMPLE)).toBe('1949-12-31');
    expect(ageOfId(EXAMPLE, '2024-12-30')).toBe(74);
    expect(ageOfId(EXAMPLE, '2024-12-31')).toBe(75);
  });

  it('reads an odd sequence digit as male', () => {
    const id = makeId('110105', '19800101', '013');
    expect(validateIdNumber(id, TODAY).sex).toBe('男');
    expect(sexOfId(id)).toBe('男');
  });

  it('agrees with an independent check character computation', () => {
    for (const id of SAMPLES) expect(checkCharacter(id)).toBe(id[17]);
  });

  it('converts a 15-digit old ID to 18 characters', () => {
    const check = validateIdNumber('110105491231002', TODAY);
    expect(check).toMatchObject({
      valid: true,
      kind: 'resident15',
      idNumber: EXAMPLE,
      birthDate: '1949-12-31',
    });
  });

  it.each([
    ['810000', 'hmt_permit'],
    ['820000', 'hmt_permit'],
    ['830000', 'hmt_permit'],
  ])('accepts 港澳台 residence permits starting %s', (prefix) => {
    const id = makeId(prefix, '19900615', '012');
    expect(validateIdNumber(id, TODAY)).toMatchObject({ valid: true, kind: 'hmt_permit', sex: '女' });
  });

  it('refuses a permit prefix other than 810000/820000/830000', () => {
    const check = validateIdNumber(makeId('811000', '19900615', '012'), TODAY);
    expect(check.valid).toBe(false);
    expect(check.problems).toEqual(['region']);
    expect(check.reasons[0]).toContain('810000');
  });

  it('accepts the 2023 foreigner permanent residence ID (leading 9)', () => {
    const id = makeId('931156', '19850304', '021');
    expect(validateIdNumber(id, TODAY)).toMatchObject({
      valid: true,
      kind: 'foreign_permanent',
      birthDate: '1985-03-04',
    });
  });

  it.each([
    ['full-width digits and x', '１１０１０５１９４９１２３１００２ｘ'],
    ['lowercase x', '11010519491231002x'],
    ['spaces', ' 110105 1949 1231 002X '],
    ['dashes', '110105-19491231-002X'],
    ['dots', '110105.19491231.002X'],
    ['ideographic space', '110105\u300019491231\u3000002X'],
    ['certificate number T + ID', 'T11010519491231002X'],
    ['lowercase full-width t', 'ｔ110105-19491231-002x'],
  ])('normalises %s', (_label, input) => {
    const check = validateIdNumber(input, TODAY);
    expect(check.valid).toBe(true);
    expect(check.idNumber).toBe(EXAMPLE);
    expect(check.input).toBe(input.trim());
  });
});

describe('validateIdNumber: rejections say why', () => {
  it('catches every single-character substitution', () => {
    let cases = 0;
    for (const id of SAMPLES) {
      for (let pos = 0; pos < 18; pos++) {
        const alphabet = pos === 17 ? CHECK_CHARS : '0123456789';
        for (const ch of alphabet) {
          if (ch === id[pos]) continue;
          const changed = id.slice(0, pos) + ch + id.slice(pos + 1);
          const check = validateIdNumber(changed, TODAY);
          expect(check.valid, changed).toBe(false);
          expect(check.problems, changed).toContain('check');
          cases++;
        }
      }
    }
    expect(cases).toBe(SAMPLES.length * (17 * 9 + 10));
  });

  it('catches every adjacent transposition of different characters', () => {
    let cases = 0;
    for (const id of SAMPLES) {
      for (let pos = 0; pos < 17; pos++) {
        const a = id[pos] as string;
        const b = id[pos + 1] as string;
        if (a === b || b === 'X') continue;
        const swapped = id.slice(0, pos) + b + a + id.slice(pos + 2);
        const check = validateIdNumber(swapped, TODAY);
        expect(check.valid, swapped).toBe(false);
        expect(check.problems, swapped).toContain('check');
        cases++;
      }
    }
    expect(cases).toBeGreaterThan(SAMPLES.length * 10);
  });

  it('names the expected check character', () => {
    const check = validateIdNumber('110105194912310021', TODAY);
    expect(check).toMatchObject({ valid: false, problems: ['check'], expectedCheck: 'X' });
    expect(check.reasons[0]).toContain('应为 X');
    expect(check.reasons[0]).toContain('这里是 1');
  });

  it.each([
    ['11010519491231002', 17],
    ['1101051949123100211', 19],
    ['1101051949', 10],
  ])('refuses the wrong length of %s', (input, length) => {
    const check = validateIdNumber(input, TODAY);
    expect(check.problems).toEqual(['length']);
    expect(check.reasons[0]).toContain(`${length} 位`);
  });

  it('refuses an impossible birth date', () => {
    const check = validateIdNumber(withCheck('11010519490231002'), TODAY);
    expect(check.problems).toEqual(['date']);
    expect(check.reasons[0]).toContain('1949-02-31');
    expect(check.reasons[0]).toContain('不存在');
  });

  it('accepts 29 February only in a leap year', () => {
    expect(validateIdNumber(makeId('110105', '20000229', '002'), TODAY).valid).toBe(true);
    expect(validateIdNumber(makeId('110105', '19000229', '002'), TODAY).problems).toEqual(['date']);
  });

  it('refuses a birth date after today, accepts one born today', () => {
    expect(validateIdNumber(makeId('110105', '20250601', '002'), TODAY).valid).toBe(true);
    const check = validateIdNumber(makeId('110105', '20250602', '002'), TODAY);
    expect(check.problems).toEqual(['date']);
    expect(check.reasons[0]).toContain('晚于今天');
  });

  it('refuses an unknown region', () => {
    for (const region of [
      '000000',
      '100000',
      '160000',
      '240000',
      '380000',
      '470000',
      '550000',
      '660000',
      '720000',
      '840000',
    ]) {
      const check = validateIdNumber(makeId(region, '19800101', '002'), TODAY);
      expect(check.problems, region).toEqual(['region']);
      expect(check.reasons[0]).toContain(`地区代码 ${region.slice(0, 2)}`);
    }
  });

  it('accepts every province prefix of domain.md', () => {
    const prefixes = [
      11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54,
      61, 62, 63, 64, 65, 71,
    ];
    for (const p of prefixes)
      expect(validateIdNumber(makeId(`${p}0102`, '19800101', '002'), TODAY).valid, String(p)).toBe(true);
  });

  it('lists several problems at once', () => {
    const check = validateIdNumber('990105194913310021', TODAY);
    expect(check.problems).toEqual(['date', 'check']);
    const resident = validateIdNumber('200105194913310021', TODAY);
    expect(resident.problems).toEqual(['region', 'date', 'check']);
  });

  it('refuses foreign characters, naming the character', () => {
    const check = validateIdNumber('11010519491231002A', TODAY);
    expect(check.problems).toEqual(['characters']);
    expect(check.reasons[0]).toContain('「A」');
  });

  it('says where a wrong character stands and which digit a look-alike may be', () => {
    expect(validateIdNumber('110105I9491231002X', TODAY).reasons).toEqual([
      '第 7 位「I」不是数字，是否应为 1？',
    ]);
    expect(validateIdNumber('T 110105 1949123１ OO2X', TODAY).reasons).toEqual([
      '第 15 位「O」不是数字，是否应为 0？',
      '第 16 位「O」不是数字，是否应为 0？',
    ]);
    expect(validateIdNumber('1101051949123１002Y', TODAY).reasons).toEqual([
      '第 18 位「Y」不是数字：证件号只能由数字和末位的 X 组成',
    ]);
  });

  it('refuses an X anywhere but the end, and in a 15-digit ID', () => {
    expect(validateIdNumber('1101051949123X0021', TODAY).problems).toEqual(['characters']);
    expect(validateIdNumber('11010549123100X', TODAY).problems).toEqual(['characters']);
  });

  it('says which characters are extra when a whole ID has more glued on, never cutting them off', () => {
    const id = makeId('440106', '19900505', '351');
    const extra = (text: string) => validateIdNumber(text, TODAY);
    expect(extra(`${EXAMPLE}1`)).toMatchObject({
      valid: false,
      idNumber: `${EXAMPLE}1`,
      problems: ['extra'],
      reasons: ['身份证号多了 1 位：末尾的「1」'],
    });
    expect(extra(`AB${id}`).reasons).toEqual(['身份证号多了 2 位：开头的「AB」']);
    expect(extra(`7${id}x9`).reasons).toEqual(['身份证号多了 3 位：开头的「7」和末尾的「x9」']);
    expect(extra(`${id.slice(0, 6)}-${id.slice(6)}-５`).reasons).toEqual(['身份证号多了 1 位：末尾的「５」']);
    expect(extra(`T${id}12`).reasons).toEqual(['证书编号（T 加身份证号）多了 2 位：末尾的「12」']);
    expect(extra('1101054912310021234').reasons).toEqual(['15 位旧身份证号多了 4 位：末尾的「1234」']);
    expect(extra('110105491231002ABCD').reasons).toEqual(['15 位旧身份证号多了 4 位：末尾的「ABCD」']);
  });

  it('reads no extra characters into a number that may be an ID typed wrong', () => {
    // 19 digits holding no valid ID: a digit too many somewhere, which one cannot be told.
    expect(validateIdNumber('1101051949123100231', TODAY).problems).toEqual(['length']);
    // 17 or 16 digits may be an 18-digit ID with digits missing, even where the first 15 read as an old ID.
    const young = makeId('440106', '20050101', '123');
    expect(validateIdNumber(young.slice(0, 17), TODAY).problems).toEqual(['length']);
    expect(validateIdNumber('1101054912310021', TODAY).problems).toEqual(['length']);
    // An 18-digit ID (birth date real) typed wrong with one digit more is not read as an old ID plus four.
    expect(
      validateIdNumber(`${young.slice(0, 17)}${young[17] === '0' ? '1' : '0'}9`, TODAY).problems,
    ).toEqual(['length']);
    // Two valid readings: say so rather than pick one.
    expect(validateIdNumber('11010549123100212345', TODAY).reasons[0]).toContain('无法确定是哪几位');
  });

  it('refuses an empty input', () => {
    expect(validateIdNumber('  T ', TODAY)).toMatchObject({ valid: false, problems: ['empty'] });
  });
});

describe('queryFromIdCheck', () => {
  it('carries the validation and the words written next to it', () => {
    const q = queryFromIdCheck(validateIdNumber('T110105-19491231-002x', TODAY), {
      name: '张三',
      item: '低压电工',
      personType: 'special',
    });
    expect(q).toEqual({
      input: 'T110105-19491231-002x',
      idNumber: EXAMPLE,
      valid: true,
      reasons: [],
      name: '张三',
      item: '低压电工',
      personType: 'special',
    });
  });

  it('omits absent words and keeps the reasons of an invalid number', () => {
    const q = queryFromIdCheck(validateIdNumber('11010519491231002', TODAY));
    expect(Object.keys(q).sort()).toEqual(['idNumber', 'input', 'reasons', 'valid']);
    expect(q.valid).toBe(false);
    expect(q.reasons[0]).toContain('17 位');
  });
});

describe('maskId', () => {
  it('keeps the first 6 and last 4 characters', () => {
    expect(maskId(EXAMPLE)).toBe('110105********002X');
    expect(maskId('110105491231002')).toBe('110105*****1002');
  });

  it('masks short fragments completely', () => {
    expect(maskId('1234567890')).toBe('**********');
    expect(maskId('')).toBe('');
  });
});
