import { describe, expect, it } from 'vitest';
import type { CertificateRecord, LookupAnswer } from '../../src/domain/certificate.js';
import { addDays } from '../../src/domain/dates.js';
import { decideVerdict, type VerdictEvidence } from '../../src/domain/decide-verdict.js';
import {
  BlockedError,
  CaptchaError,
  CircuitOpenError,
  LookupError,
  PlatformError,
  UnexpectedAnswerError,
  UnreachableError,
} from '../../src/domain/errors.js';
import { queryFromIdCheck, validateIdNumber } from '../../src/domain/id-number.js';
import type { ParsedQuery } from '../../src/domain/query.js';
import { defaultRules, makeId } from './ids.js';

const T = '2025-06-01';
const rules = defaultRules();
const MAN = makeId('110105', '19800101', '013'); // male, 45 on T
const OLD_MAN = makeId('110105', '19640601', '013'); // male, 61 on T
const OLD_WOMAN = makeId('110105', '19740601', '002'); // female, 51 on T, born before the reform: retired at 50
const YOUNG_WOMAN = makeId('110105', '19750601', '002'); // female, 50 on T, retires at 50 岁 3 个月 (2025-09-01)

function query(id: string, extras: { name?: string; item?: string } = { name: '张三' }): ParsedQuery {
  return queryFromIdCheck(validateIdNumber(id, T), extras);
}

function cert(fields: Partial<CertificateRecord> = {}): CertificateRecord {
  return {
    kind: 'special',
    idNumber: MAN,
    name: '张三',
    category: '电工作业',
    item: '低压电工作业',
    firstIssued: '2010-03-01',
    validUntil: '2028-03-01',
    ...fields,
  };
}

function found(
  current: CertificateRecord[],
  history: CertificateRecord[] = [],
  sameId?: CertificateRecord[],
): VerdictEvidence {
  const answer: LookupAnswer = { current, history };
  return sameId === undefined
    ? { kind: 'answer', answer, source: 'national' }
    : { kind: 'answer', answer, sameId, source: 'national' };
}

describe('decideVerdict', () => {
  it('invalid_id: never looked up, the reasons say why', () => {
    const q = query('11010519491231002');
    const v = decideVerdict(q, undefined, T, rules);
    expect(v.status).toBe('invalid_id');
    expect(v.reasons[0]).toContain('17 位');
    expect(v.certificates).toEqual([]);
    expect(v.today).toBe(T);
  });

  it('a valid query without evidence is a programming error', () => {
    expect(() => decideVerdict(query(MAN), undefined, T, rules)).toThrow();
  });

  it.each([
    ['CaptchaError', new CaptchaError()],
    ['BlockedError', new BlockedError()],
    ['UnreachableError', new UnreachableError()],
    ['UnexpectedAnswerError', new UnexpectedAnswerError()],
    ['PlatformError', new PlatformError('系统繁忙')],
    ['CircuitOpenError', new CircuitOpenError(Date.now() + 60_000)],
    ['LookupError', new LookupError('unreachable', '其他失败', true)],
  ])('unverifiable on %s, never not_found', (_name, error) => {
    const v = decideVerdict(query(MAN), { kind: 'failure', error, source: 'national' }, T, rules);
    expect(v.status).toBe('unverifiable');
    expect(v.reasons[0]).toContain(error.message);
    expect(v.reasons[0]).toContain('不表示证书有问题');
    expect(v.source).toBe('national');
  });

  it('not_found: a well-formed empty answer', () => {
    const v = decideVerdict(query(MAN), found([]), T, rules);
    expect(v.status).toBe('not_found');
    expect(v.reasons[0]).toContain('没有查到');
  });

  it('name_mismatch: the ID is known under another name, kept as data, never in the reasons', () => {
    const v = decideVerdict(query(MAN), found([], [], [cert({ name: '李四' })]), T, rules);
    expect(v.status).toBe('name_mismatch');
    expect(v.registeredNames).toEqual(['李四']);
    expect(v.reasons[0]).toContain('姓名与登记信息不一致');
    expect(v.reasons[0]).toContain('张三');
    expect(v.reasons[0]).not.toContain('李四');
    const platform = decideVerdict(query(MAN), found([cert({ name: '王五' })]), T, rules);
    expect(platform.status).toBe('name_mismatch');
    expect(platform.registeredNames).toEqual(['王五']);
    expect(platform.reasons[0]).not.toContain('王五');
  });

  it('records of other IDs do not make a name mismatch', () => {
    const v = decideVerdict(query(MAN), found([], [], [cert({ name: '李四', idNumber: OLD_MAN })]), T, rules);
    expect(v.status).toBe('not_found');
  });

  it('compares names without spaces and with any middle dot', () => {
    const v = decideVerdict(
      query(MAN, { name: '阿依古丽·买买提' }),
      found([cert({ name: '阿依古丽•买买提' })]),
      T,
      rules,
    );
    expect(v.status).toBe('valid');
  });

  it('only history: expired, saying so', () => {
    const v = decideVerdict(query(MAN), found([], [cert({ validUntil: '2020-01-01' })]), T, rules);
    expect(v.status).toBe('expired');
    expect(v.history).toHaveLength(1);
    expect(v.reasons[0]).toContain('2020-01-01');
  });

  it('valid: the certificate decides, with the reason naming it', () => {
    const v = decideVerdict(query(MAN), found([cert()]), T, rules);
    expect(v.status).toBe('valid');
    expect(v.best?.record.item).toBe('低压电工作业');
    expect(v.reasons[0]).toContain('2028-03-01');
    expect(v.warnings).toEqual([]);
  });

  it('no item named: the best certificate decides and all are listed best first', () => {
    const expired = cert({
      item: '熔化焊接与热切割作业',
      category: '焊接与热切割作业',
      validUntil: addDays(T, -5),
    });
    const expiring = cert({ item: '高压电工作业', validUntil: addDays(T, 30) });
    const reviewDue = cert({ item: '登高架设作业', category: '高处作业', reviewDue: addDays(T, 10) });
    const v = decideVerdict(query(MAN), found([expired, expiring, reviewDue]), T, rules);
    expect(v.status).toBe('review_due');
    expect(v.certificates.map((c) => c.status)).toEqual(['review_due', 'expiring', 'expired']);
    expect(v.reasons[0]).toContain('复审');
  });

  it('an item named: the matching certificate decides, even when another is better', () => {
    const valid = cert({ item: '高压电工作业' });
    const expired = cert({
      item: '熔化焊接与热切割作业',
      category: '焊接与热切割作业',
      validUntil: addDays(T, -5),
    });
    const v = decideVerdict(query(MAN, { name: '张三', item: '电焊工' }), found([valid, expired]), T, rules);
    expect(v.status).toBe('expired');
    expect(v.best?.record.item).toBe('熔化焊接与热切割作业');
    // The one the verdict is about leads the list: findings and forms describe it, not the valid one.
    expect(v.certificates.map((c) => c.record.item)).toEqual(['熔化焊接与热切割作业', '高压电工作业']);
    expect(v.reasons[0]).toContain('过期');
    expect(
      decideVerdict(query(MAN, { name: '张三', item: '电工' }), found([valid, expired]), T, rules).status,
    ).toBe('valid');
  });

  it('item_mismatch: no current certificate covers the item; lists what is held', () => {
    const v = decideVerdict(
      query(MAN, { name: '张三', item: '低压电工' }),
      found([cert({ item: '高压电工作业' })]),
      T,
      rules,
    );
    expect(v.status).toBe('item_mismatch');
    expect(v.reasons[0]).toContain('低压电工');
    expect(v.reasons[0]).toContain('高压电工作业');
    expect(v.certificates).toHaveLength(1);
    expect(v.best).toBeUndefined();
  });

  it('an item of another ministry is no item_mismatch: it says where that certificate is checked', () => {
    for (const [item, where] of [
      ['叉车', 'cnse.samr.gov.cn'],
      ['锅炉工', 'cnse.samr.gov.cn'],
      ['起重机械', 'cnse.samr.gov.cn'],
      ['电梯', 'cnse.samr.gov.cn'],
      ['压力容器操作证', 'cnse.samr.gov.cn'],
      ['塔吊司机', '住房和城乡建设'],
    ] as const) {
      const v = decideVerdict(query(MAN, { name: '张三', item }), found([cert()]), T, rules);
      expect(v.status, item).toBe('valid');
      expect(v.best?.record.item).toBe('低压电工作业');
      expect(v.warnings[0], item).toContain(`「${item}」属于`);
      expect(v.warnings[0], item).toContain(where);
    }
    const nothing = decideVerdict(query(MAN, { name: '张三', item: '叉车' }), found([]), T, rules);
    expect(nothing.status).toBe('other_authority');
    expect(nothing.reasons[0]).toContain('特种设备作业人员证');
    expect(nothing.reasons[0]).toContain('cnse.samr.gov.cn');
    expect(nothing.reasons[0]).toContain('本平台查不到不说明其特种设备作业人员证有问题');
    // Only an old certificate of this platform in its history: still where to check the forklift's.
    const old = cert({ validUntil: '2020-01-01' });
    const history = decideVerdict(query(MAN, { name: '张三', item: '叉车' }), found([], [old]), T, rules);
    expect(history.status).toBe('other_authority');
  });

  describe('items as people name them', () => {
    const WANG = makeId('110105', '19850312', '024'); // 王芳, female
    const welder = cert({
      idNumber: WANG,
      name: '王芳',
      category: '焊接与热切割作业',
      item: '熔化焊接与热切割作业',
    });
    const judge = (item: string, held: CertificateRecord[], id = WANG, name = '王芳') =>
      decideVerdict(query(id, { name, item }), found(held), T, rules);

    it.each([['气焊'], ['氩弧焊'], ['二保焊'], ['电气焊'], ['电焊工'], ['焊工'], ['焊工（氩弧焊）']])(
      '王芳 (熔化焊接与热切割作业) with 工种 %s may do that work',
      (item) => {
        const v = judge(item, [welder]);
        expect(v.status).toBe('valid');
        expect(v.best?.record.item).toBe('熔化焊接与热切割作业');
        expect(v.reasons.join('')).not.toContain('不能从事该项作业');
      },
    );

    it.each([
      ['登高', '高处安装、维护、拆除作业'],
      ['登高证', '高处安装、维护、拆除作业'],
      ['登高', '登高架设作业'],
      ['电工（低压）', '低压电工作业'],
      ['电工-低压', '低压电工作业'],
      ['危化', '氯化工艺作业'],
      ['特种作业', '低压电工作业'],
    ])('%s names the work of a %s holder', (item, held) => {
      expect(judge(item, [cert({ item: held, category: undefined })], MAN, '张三').status).toBe('valid');
    });

    it('a certain mismatch is still one: 氩弧焊 for a holder of 低压电工作业 alone', () => {
      const v = judge('氩弧焊', [cert()], MAN, '张三');
      expect(v.status).toBe('item_mismatch');
      expect(v.reasons[0]).toContain('没有「氩弧焊」的证书');
    });

    it('a word the catalogue cannot place is a warning, and the verdict is as if no item were named', () => {
      const v = judge('钳工', [cert()], MAN, '张三');
      expect(v.status).toBe('valid');
      expect(v.warnings).toContain('未能识别的工种「钳工」，未比对操作项目');
      const lapsed = judge('钳工', [cert({ validUntil: addDays(T, -1) })], MAN, '张三');
      expect(lapsed.status).toBe('expired');
      expect(lapsed.warnings).toContain('未能识别的工种「钳工」，未比对操作项目');
    });

    it('work the catalogue leaves out (烙铁钎焊) is no mismatch', () => {
      const v = judge('烙铁钎焊', [cert()], MAN, '张三');
      expect(v.status).toBe('valid');
      expect(v.warnings.join('')).toContain('钎焊作业不包括烙铁钎焊');
    });

    it('a certificate naming neither category nor item is not compared, never a mismatch', () => {
      const v = judge('低压电工', [cert({ category: undefined, item: undefined })], MAN, '张三');
      expect(v.status).toBe('valid');
      expect(v.warnings).toContain('证书没有写明作业类别和操作项目，未比对操作项目');
    });

    it('prefers a certificate that matches over one that cannot be compared', () => {
      const bare = cert({ category: undefined, item: undefined, validUntil: addDays(T, 2000) });
      const v = judge('低压电工', [bare, cert({ validUntil: addDays(T, 20) })], MAN, '张三');
      expect(v.status).toBe('expiring');
      expect(v.best?.record.item).toBe('低压电工作业');
      expect(v.warnings).toEqual([]);
    });
  });

  it.each([
    ['expiring', { validUntil: addDays(T, 20) }, '到期'],
    ['review_overdue', { reviewDue: addDays(T, -3) }, '未复审'],
    ['expired', { validUntil: addDays(T, -1) }, '过期'],
  ] as const)('%s from the certificate', (status, fields, words) => {
    const v = decideVerdict(query(MAN), found([cert(fields)]), T, rules);
    expect(v.status).toBe(status);
    expect(v.reasons[0]).toContain(words);
  });

  it('warns when the holder was under 18 at first issue', () => {
    const under = decideVerdict(query(MAN), found([cert({ firstIssued: '1997-12-31' })]), T, rules);
    expect(under.status).toBe('valid');
    expect(under.warnings).toHaveLength(1);
    expect(under.warnings[0]).toContain('未满 18');
    expect(
      decideVerdict(query(MAN), found([cert({ firstIssued: '1998-01-01' })]), T, rules).warnings,
    ).toEqual([]);
  });

  it('warns when the holder is past retirement age by sex', () => {
    const man = decideVerdict(query(OLD_MAN), found([cert({ idNumber: OLD_MAN })]), T, rules);
    expect(man.warnings).toHaveLength(1);
    expect(man.warnings[0]).toContain('退休');
    const woman = decideVerdict(query(OLD_WOMAN), found([cert({ idNumber: OLD_WOMAN })]), T, rules);
    expect(woman.warnings[0]).toContain('50');
    expect(
      decideVerdict(query(YOUNG_WOMAN), found([cert({ idNumber: YOUNG_WOMAN })]), T, rules).warnings,
    ).toEqual([]);
    expect(decideVerdict(query(MAN), found([cert()]), T, rules).warnings).toEqual([]);
  });

  describe('retirement age after the 2025 reform', () => {
    const ON = '2026-11-24';
    const judged = (id: string, today: string) =>
      decideVerdict(
        queryFromIdCheck(validateIdNumber(id, today), { name: '张三' }),
        found([cert({ idNumber: id })]),
        today,
        rules,
      );

    it('a man born 1966-09 is 60 years 2 months on 2026-11-24 and retires at 60 years 6 months: no warning', () => {
      expect(judged(makeId('110105', '19660910', '013'), ON).warnings).toEqual([]);
    });

    it('warns from the very day the age is reached, not the day before', () => {
      const id = makeId('110105', '19660910', '013'); // retires 2027-03-10 at 60 岁 6 个月
      expect(judged(id, '2027-03-09').warnings).toEqual([]);
      const warned = judged(id, '2027-03-10').warnings;
      expect(warned).toHaveLength(1);
      expect(warned[0]).toContain('60 岁 6 个月');
      expect(warned[0]).toContain('渐进式延迟法定退休年龄');
    });

    it('a man born 1976-09 or later retires at 63', () => {
      const id = makeId('110105', '19761201', '013');
      expect(judged(id, '2039-11-30').warnings).toEqual([]);
      expect(judged(id, '2039-12-01').warnings[0]).toContain('男性 63 岁');
    });

    it('a woman is judged on the 50 track and the warning says so, with the 55 track for comparison', () => {
      const id = makeId('110105', '19750315', '002'); // 50 岁 2 个月 → 2025-05-15; 55 track: 56 岁 4 个月
      expect(judged(id, '2025-05-14').warnings).toEqual([]);
      const warned = judged(id, '2025-05-15').warnings[0] ?? '';
      expect(warned).toContain('女性 50 岁 2 个月');
      expect(warned).toContain('按女职工50周岁起步的延迟退休办法计算');
      expect(warned).toContain('56 岁 4 个月');
    });

    it('follows the track set for women', () => {
      const cadre = { ...rules, retirement: { ...rules.retirement, femaleTrack: 'female55' as const } };
      const id = makeId('110105', '19700115', '002'); // 55 track: 55 岁 1 个月 → 2025-02-15
      const on = (today: string) =>
        decideVerdict(
          queryFromIdCheck(validateIdNumber(id, today), { name: '张三' }),
          found([cert({ idNumber: id })]),
          today,
          cadre,
        ).warnings;
      expect(on('2025-02-14')).toEqual([]);
      expect(on('2025-02-15')[0]).toContain('按女职工55周岁起步');
    });

    it('never shows the birth or retirement date (a masked ID hides it)', () => {
      const warned = judged(makeId('110105', '19660910', '013'), '2027-03-10').warnings[0] ?? '';
      expect(warned).not.toMatch(/1966|2027-03-10/);
    });
  });

  describe('the rule in force since 2026-06-01', () => {
    it('an expiring special certificate under renewal: 换领新证; under the old rule: 延期换证', () => {
      const renew = decideVerdict(
        query(MAN),
        found([cert({ validUntil: '2026-07-01' })]),
        '2026-06-15',
        rules,
      );
      expect(renew.status).toBe('expiring');
      expect(renew.reasons[0]).toContain('请在有效期届满前换领新证');
      const old = decideVerdict(query(MAN), found([cert({ validUntil: '2026-05-31' })]), '2026-05-01', rules);
      expect(old.status).toBe('expiring');
      expect(old.reasons[0]).toContain('延期复审换证');
    });

    it('a valid certificate whose review date fell under the new rule says it needs no review', () => {
      const v = decideVerdict(
        query(MAN),
        found([cert({ reviewDue: '2026-12-18', validUntil: '2029-12-18' })]),
        '2026-11-24',
        rules,
      );
      expect(v.status).toBe('valid');
      expect(v.reasons[0]).toContain('不再复审');
    });

    it('a review missed before the change keeps the old words', () => {
      const v = decideVerdict(query(MAN), found([cert({ reviewDue: '2026-05-31' })]), '2026-11-24', rules);
      expect(v.status).toBe('review_overdue');
      expect(v.reasons[0]).toContain('逾期未复审的证书失效');
      expect(v.reasons[0]).not.toContain('20 个工作日');
    });

    it('the days after a review fell due: an application made in time is still being processed', () => {
      const v = decideVerdict(
        query(MAN),
        found([cert({ reviewDue: '2026-05-31', issuer: '北京市应急管理局' })]),
        '2026-06-01',
        rules,
      );
      expect(v.status).toBe('review_overdue');
      expect(v.reasons[0]).toContain('20 个工作日');
      expect(v.reasons[0]).toContain('北京市应急管理局');
    });
  });

  describe('a review recorded outside its usual time', () => {
    const DUE = '2025-03-10';
    const judged = (reviewedOn: string) =>
      decideVerdict(query(MAN), found([cert({ reviewDue: DUE, reviewedOn })]), T, rules);

    it('late: valid with a warning that names the 20 working days', () => {
      const v = judged('2025-03-25');
      expect(v.status).toBe('valid');
      expect(v.warnings).toHaveLength(1);
      expect(v.warnings[0]).toContain('晚于应复审日期 2025-03-10（晚 15 天）');
      expect(v.warnings[0]).toContain('20 个工作日');
    });

    it('early, before the window: valid (not void) with a warning', () => {
      const v = judged('2024-12-09'); // 91 days before
      expect(v.status).toBe('valid');
      expect(v.warnings[0]).toContain('早 91 天');
      expect(v.warnings[0]).toContain('20 个工作日');
    });

    it('on time: no warning', () => {
      expect(judged('2024-12-10').warnings).toEqual([]);
      expect(judged(DUE).warnings).toEqual([]);
    });
  });

  it('gives no age warnings for a safety certificate', () => {
    const safety: CertificateRecord = {
      kind: 'safety',
      idNumber: OLD_MAN,
      name: '张三',
      role: '主要负责人',
      validUntil: '2027-01-01',
    };
    const v = decideVerdict(query(OLD_MAN), found([safety]), T, rules);
    expect(v.status).toBe('valid');
    expect(v.warnings).toEqual([]);
  });

  it('carries the origin of the evidence', () => {
    const v = decideVerdict(
      query(MAN),
      {
        kind: 'answer',
        answer: { current: [cert()], history: [] },
        source: 'stale-cache',
        personType: 'special',
        evidenceAt: '2025-05-30T02:00:00Z',
      },
      T,
      rules,
    );
    expect(v).toMatchObject({
      source: 'stale-cache',
      personType: 'special',
      evidenceAt: '2025-05-30T02:00:00Z',
    });
  });
});

describe('the person type a query names', () => {
  const manager = cert({ kind: 'safety', category: undefined, item: undefined, role: '安全生产管理人员' });

  it('is item_mismatch when the certificate found is of another type', () => {
    const asked = { ...query(MAN), personType: 'principal' as const };
    const v = decideVerdict(asked, { ...found([manager]), personType: 'manager' }, T, rules);
    expect(v.status).toBe('item_mismatch');
    expect(v.reasons[0]).toContain('没有主要负责人的证书');
    expect(v.reasons[0]).toContain('安全生产管理人员');
  });

  it('judges the certificate as usual when the types agree', () => {
    const asked = { ...query(MAN), personType: 'manager' as const };
    expect(decideVerdict(asked, { ...found([manager]), personType: 'manager' }, T, rules).status).toBe(
      'valid',
    );
  });

  it('words for the post: an expiring manager is assessed again, an expired one too, never kept from 上岗作业', () => {
    const asked = { ...query(MAN), personType: 'manager' as const };
    const on = (validUntil: string) =>
      decideVerdict(asked, { ...found([{ ...manager, validUntil }]), personType: 'manager' }, T, rules);
    expect(on(addDays(T, 20)).reasons[0]).toContain('请在到期前 30 日申请再次考核');
    expect(on(addDays(T, -3)).reasons[0]).toContain('须重新参加考核，合格后方可继续任职');
    expect(on(addDays(T, -3)).reasons[0]).not.toContain('上岗作业');
  });
});
