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
const OLD_WOMAN = makeId('110105', '19750601', '002'); // female, 50 on T
const YOUNG_WOMAN = makeId('110105', '19750602', '002'); // female, 49 on T

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

  it('name_mismatch: the ID is known under another name, which the reasons give', () => {
    const v = decideVerdict(query(MAN), found([], [], [cert({ name: '李四' })]), T, rules);
    expect(v.status).toBe('name_mismatch');
    expect(v.reasons[0]).toContain('李四');
    expect(v.reasons[0]).toContain('张三');
    const platform = decideVerdict(query(MAN), found([cert({ name: '王五' })]), T, rules);
    expect(platform.status).toBe('name_mismatch');
    expect(platform.reasons[0]).toContain('王五');
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
    expect(nothing.status).toBe('not_found');
    expect(nothing.reasons[0]).toContain('特种设备作业人员证');
    expect(nothing.reasons[0]).toContain('这不说明其特种设备作业人员证有问题');
  });

  it('an unknown item word matches by text and says so', () => {
    const v = decideVerdict(
      query(MAN, { name: '张三', item: '有限空间作业人员' }),
      found([cert({ item: '有限空间作业', category: '应急管理部认定的其他作业' })]),
      T,
      rules,
    );
    expect(v.status).toBe('valid');
    expect(v.reasons.some((r) => r.includes('不在特种作业目录中'))).toBe(true);
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
});
