import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { argumentQueries } from '../../src/cli/commands/check.js';
import { runCli } from '../../src/cli/run.js';
import { argumentMixes, T_FORMS } from '../domain/argument-mixes.js';
import { makeId } from '../domain/ids.js';

const ID = '11010519491231002X';
let out: MockInstance;
let err: MockInstance;

beforeEach(() => {
  out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => vi.restoreAllMocks());

const printed = (spy: MockInstance) => spy.mock.calls.map((c) => String(c[0])).join('');

describe('cert-verify check --offline', () => {
  it('prints the local checks as JSON, in input order', async () => {
    const code = await runCli([
      'check',
      '张三',
      ID,
      '低压电工',
      '李四',
      '11010519491231002',
      '--offline',
      '--today',
      '2025-06-01',
      '--json',
    ]);
    expect(code).toBe(0);
    const { results } = JSON.parse(printed(out));
    expect(results).toEqual([
      {
        input: ID,
        valid: true,
        status: null,
        reasons: [],
        maskedId: '110105********002X',
        sex: '女',
        birthDate: '1949-12-31',
        age: 75,
        name: '张三',
        item: '低压电工',
      },
      {
        input: '11010519491231002',
        valid: false,
        status: 'invalid_id',
        reasons: [expect.stringContaining('17 位')],
        maskedId: '110105*******1002',
        sex: null,
        birthDate: null,
        age: null,
        name: '李四',
        item: null,
      },
    ]);
  });

  it('prints lines with the masked ID, never the full one', async () => {
    const code = await runCli([
      'check',
      `张三 ${ID}，李四 110105194912310021`,
      '--offline',
      '--today',
      '2025-06-01',
    ]);
    expect(code).toBe(0);
    const text = printed(out);
    expect(text).toContain('110105********002X 张三');
    expect(text).toContain('女，1949-12-31 出生，75 岁');
    expect(text).toContain('号码无效：校验位不对');
    expect(text).not.toContain(ID);
    expect(text).not.toContain('110105194912310021');
  });

  it('uses --today for the age and the birth date bound', async () => {
    await runCli(['check', ID, '--offline', '--today', '2024-12-30', '--json']);
    expect(JSON.parse(printed(out)).results[0].age).toBe(74);
  });

  it('gives every argument its own result, in input order, a stray letter and a non-number too', async () => {
    const stray = '11010519491231OO2X';
    const code = await runCli(
      ['check', ID, stray, '是真的吗', '12345678901234', '110105198503120135', '--offline', '--json'].concat([
        '--today',
        '2025-06-01',
      ]),
    );
    expect(code).toBe(0);
    const { results } = JSON.parse(printed(out));
    expect(results.map((r: { input: string }) => r.input)).toEqual([
      ID,
      stray,
      '是真的吗',
      '12345678901234',
      '110105198503120135',
    ]);
    expect(results.map((r: { status: string | null }) => r.status)).toEqual([
      null,
      'invalid_id',
      'invalid_id',
      'invalid_id',
      null,
    ]);
    expect(results[1].reasons).toEqual([
      '第 15 位「O」不是数字，是否应为 0？',
      '第 16 位「O」不是数字，是否应为 0？',
    ]);
    expect(results[2].reasons[0]).toContain('没有识别到证件号');
    expect(results[3].reasons[0]).toContain('安全生产知识和管理能力考核合格证');
  });

  it('answers every argument with its own name, and an ID with a character more as invalid', async () => {
    const zq = makeId('440106', '19900505', '351');
    const sl = makeId('420106', '19880808', '242');
    const code = await runCli(
      ['check', `赵强${zq}`, `孙丽，${sl}`, `T${sl}`, `${ID}1`, '--offline', '--json'].concat([
        '--today',
        '2025-06-01',
      ]),
    );
    expect(code).toBe(0);
    const { results } = JSON.parse(printed(out));
    expect(results.map((r: { name: string | null; status: string | null }) => [r.name, r.status])).toEqual([
      ['赵强', null],
      ['孙丽', null],
      [null, null],
      [null, 'invalid_id'],
    ]);
    expect(results[2].maskedId).toBe('420106********2423');
    expect(results[3].reasons).toEqual(['身份证号多了 1 位：末尾的「1」']);
  });

  it('prints a lone certificate number with a hint, not as unrecognised', async () => {
    const code = await runCli(['check', '苏A042019000123', '--offline']);
    expect(code).toBe(2);
    expect(printed(err)).toContain('建筑施工特种作业操作资格证书');
  });

  it('refuses text without a number with a usage error', async () => {
    const code = await runCli(['check', '你好', '在吗', '--offline']);
    expect(code).toBe(2);
    expect(printed(err)).toBe('没有找到身份证号或证书编号\n');
    expect(printed(out)).toBe('');
  });

  it('refuses a malformed --today', async () => {
    const code = await runCli(['check', ID, '--offline', '--today', '2025-13-01']);
    expect(code).toBe(2);
    expect(printed(err)).toMatch(/配置项 today 无效/);
  });
});

describe('argumentQueries (the units of check, online and --offline alike)', () => {
  const TODAY = '2025-06-01';
  const B = '110105198503120135';

  it('never runs a number from one argument into the next', () => {
    const { queries } = argumentQueries(['110105', '19491231002X', B], TODAY);
    expect(queries.map((q) => [q.input, q.valid])).toEqual([
      ['110105', false],
      ['19491231002X', false],
      [B, true],
    ]);
  });

  it('pairs a name or an item given as its own argument with the number beside it', () => {
    const { queries } = argumentQueries(['张', '伟', ID, '低压电工', '李四', B], TODAY);
    expect(queries.map((q) => [q.idNumber, q.name, q.item])).toEqual([
      [ID, '张伟', '低压电工'],
      [B, '李四', undefined],
    ]);
  });

  it('keeps several numbers of one argument, and the order of the arguments', () => {
    const { queries } = argumentQueries([`张三 ${ID}\n李四 ${B}`, 'abc', ID], TODAY);
    expect(queries.map((q) => [q.input, q.name])).toEqual([
      [ID, '张三'],
      [B, '李四'],
      ['abc', undefined],
      [ID, undefined],
    ]);
  });

  it('gives every person of 200 held-out mixes of arguments their own name, number and certificate number', () => {
    for (const mix of argumentMixes(200, 4021)) {
      const { queries, notice } = argumentQueries(mix.args, TODAY);
      const label = JSON.stringify(mix.args);
      expect(
        queries.map((q) => [q.idNumber, q.name, q.valid]),
        label,
      ).toEqual(mix.people.map((p) => [p.id, p.name, true]));
      const presented = mix.forms.map((form) => T_FORMS.includes(form));
      expect(
        queries.map((q) => q.certNumber),
        label,
      ).toEqual(mix.people.map((p, i) => (presented[i] ? `T${p.id}` : undefined)));
      expect(notice, label).toBeUndefined();
    }
  });

  it('answers a T number after the same bare ID, and a name after its number, as their own', () => {
    const zq = makeId('440106', '19900505', '351');
    expect(argumentQueries([zq, `T${zq}`], TODAY).queries).toMatchObject([
      { input: zq, valid: true },
      { input: `T${zq}`, idNumber: zq, valid: true, certNumber: `T${zq}` },
    ]);
    const { queries } = argumentQueries([`${zq} 赵强`, '孙丽', B, `张三，${ID}`], TODAY);
    expect(queries.map((q) => [q.idNumber, q.name])).toEqual([
      [zq, '赵强'],
      [B, '孙丽'],
      [ID, '张三'],
    ]);
  });
});
