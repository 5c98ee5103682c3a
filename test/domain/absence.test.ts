import { describe, expect, it } from 'vitest';
import { absenceOf, presentsCertificate, withClaims } from '../../src/domain/absence.js';
import type { CertificateRecord } from '../../src/domain/certificate.js';
import { decideVerdict, type VerdictEvidence } from '../../src/domain/decide-verdict.js';
import { queryFromIdCheck, validateIdNumber } from '../../src/domain/id-number.js';
import type { ParsedQuery } from '../../src/domain/query.js';
import { defaultRules, makeId } from './ids.js';

const T = '2026-12-07';
const rules = defaultRules();
const WORKER = makeId('110105', '19850101', '013');
const OLD_WORKER = makeId('110105', '19600101', '013');

function query(id: string, extras: Partial<ParsedQuery> = {}): ParsedQuery {
  return { ...queryFromIdCheck(validateIdNumber(id, T), { name: '王芳' }), ...extras };
}

const nothing: VerdictEvidence = { kind: 'answer', answer: { current: [], history: [] }, source: 'national' };

function found(record: Partial<CertificateRecord>): VerdictEvidence {
  const r: CertificateRecord = {
    kind: 'special',
    idNumber: WORKER,
    name: '王芳',
    category: '电工作业',
    item: '低压电工作业',
    certNumber: `T${WORKER}`,
    firstIssued: '2010-03-01',
    validUntil: '2029-03-01',
    ...record,
  };
  return { kind: 'answer', answer: { current: [r], history: [] }, source: 'national' };
}

describe('what not found means', () => {
  it('a worker on a list with nothing presented has no certificate found: no forgery, no stop of a fake', () => {
    const v = decideVerdict(query(WORKER), nothing, T, rules);
    expect(v.status).toBe('not_found');
    expect(v.absence).toEqual({ kind: 'uncertified' });
    expect(v.reasons[0]).toContain('未查到证书');
    expect(v.reasons[0]).not.toContain('假证的');
    expect(v.reasons[0]).not.toContain('可能是假证');
  });

  it('a presented certificate not found waits the days a new one takes before it is a lead', () => {
    for (const claim of ['photo', 'number', 'asked'] as const) {
      const v = decideVerdict(query(WORKER, { claim }), nothing, T, rules);
      expect(v.absence, claim).toEqual({ kind: 'presented', claim, days: 3, recheckOn: '2026-12-10' });
      expect(v.reasons[0]).toContain('2026-12-10 将自动再查一次');
    }
  });

  it('a manager asked about is asked whether he passed: the rule, and his deadline when his 任职日期 is known', () => {
    const within = decideVerdict(
      query(WORKER, { personType: 'manager', claim: 'asked', appointedOn: '2026-09-15' }),
      nothing,
      T,
      rules,
    );
    expect(within.absence).toEqual({
      kind: 'unassessed',
      appointedOn: '2026-09-15',
      deadline: '2027-03-15',
      withinDeadline: true,
    });
    expect(within.reasons[0]).toContain('第二十四条');
    expect(within.reasons[0]).toContain('应于 2027-03-15 前通过考核，尚在期限内');
    const past = decideVerdict(
      query(WORKER, { personType: 'principal', appointedOn: '2026-01-10' }),
      nothing,
      T,
      rules,
    );
    expect(past.absence).toMatchObject({ kind: 'unassessed', deadline: '2026-07-10', withinDeadline: false });
    const unknown = decideVerdict(query(WORKER, { personType: 'manager' }), nothing, T, rules);
    expect(unknown.absence).toEqual({ kind: 'unassessed' });
    expect(unknown.reasons[0]).toContain('无法判断是否已过期限');
  });

  it('a manager presents a certificate only by photo or number', () => {
    expect(presentsCertificate({ personType: 'manager', claim: 'asked' })).toBe(false);
    expect(presentsCertificate({ personType: 'manager', claim: 'number' })).toBe(true);
    expect(absenceOf(query(WORKER, { personType: 'principal', claim: 'photo' }), T, 3).kind).toBe(
      'presented',
    );
  });

  it('one person asked about holds a card; a list holds none; a number given presents it', () => {
    const one = query(WORKER);
    const numbered = query(WORKER, { certNumber: `T${WORKER}` });
    expect(withClaims([one], true)[0]?.claim).toBe('asked');
    expect(withClaims([one, one], false).map((q) => q.claim)).toEqual([undefined, undefined]);
    expect(withClaims([numbered, one], false).map((q) => q.claim)).toEqual(['number', undefined]);
  });
});

describe('evidence beside the status', () => {
  it("a certificate number that is not the platform's is said, and the status stays the platform's", () => {
    const presented = `T9${WORKER.slice(1)}`;
    const v = decideVerdict(query(WORKER, { certNumber: presented, claim: 'number' }), found({}), T, rules);
    expect(v.status).toBe('valid');
    expect(v.numberMismatch).toEqual({ presented, platform: [`T${WORKER}`] });
    expect(v.concerns?.map((c) => c.concern)).toEqual(['number_mismatch']);
    expect(v.warnings.join()).toContain('证号不同是伪造或涂改证件的迹象');
  });

  it('the same number, written with spaces or lower case, agrees; no number on the platform, nothing said', () => {
    const spaced = `t ${WORKER.slice(0, 6)} ${WORKER.slice(6)}`;
    expect(
      decideVerdict(query(WORKER, { certNumber: spaced }), found({}), T, rules).numberMismatch,
    ).toBeUndefined();
    const bare = found({ certNumber: undefined });
    expect(
      decideVerdict(query(WORKER, { certNumber: 'T999' }), bare, T, rules).numberMismatch,
    ).toBeUndefined();
  });

  it('past retirement age is a concern the next step follows, not a bare warning', () => {
    const v = decideVerdict(query(OLD_WORKER), found({ idNumber: OLD_WORKER }), T, rules);
    expect(v.status).toBe('valid');
    expect(v.concerns?.map((c) => c.concern)).toEqual(['past_retirement']);
  });
});
