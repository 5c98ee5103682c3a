import { describe, expect, it } from 'vitest';
import type { CertificateRecord } from '../../src/domain/certificate.js';
import { classifyCertificate } from '../../src/domain/classify.js';
import { addDays } from '../../src/domain/dates.js';
import { type Rules, reviewModeFor } from '../../src/domain/rules.js';
import { defaultRules } from './ids.js';

const T = '2025-06-01';
const FAR = '2030-01-01';
const rules: Rules = defaultRules();

function special(fields: Partial<CertificateRecord>): CertificateRecord {
  return {
    kind: 'special',
    idNumber: '11010519491231002X',
    name: '张三',
    item: '低压电工作业',
    validUntil: FAR,
    ...fields,
  };
}

const statusOf = (record: CertificateRecord, r: Rules = rules) => classifyCertificate(record, T, r).status;

describe('classifyCertificate', () => {
  it('uses the defaults of config (warnDays 60, review window 90)', () => {
    expect(rules.warnDays).toBe(60);
    expect(rules.reviewDoneWindowDays).toBe(90);
  });

  it('expired: validUntil before today', () => {
    expect(statusOf(special({ validUntil: addDays(T, -1) }))).toBe('expired');
    expect(statusOf(special({ validUntil: T }))).toBe('expiring');
    expect(statusOf(special({ validUntil: addDays(T, 1) }))).toBe('expiring');
  });

  it('expiring: validUntil within warnDays', () => {
    expect(statusOf(special({ validUntil: addDays(T, 59) }))).toBe('expiring');
    expect(statusOf(special({ validUntil: addDays(T, 60) }))).toBe('expiring');
    expect(statusOf(special({ validUntil: addDays(T, 61) }))).toBe('valid');
  });

  it('review_overdue: reviewDue before today and not reviewed', () => {
    expect(statusOf(special({ reviewDue: addDays(T, -1) }))).toBe('review_overdue');
    expect(statusOf(special({ reviewDue: T }))).toBe('review_due');
    expect(statusOf(special({ reviewDue: addDays(T, 1) }))).toBe('review_due');
  });

  it('review_due: reviewDue within warnDays and not reviewed', () => {
    expect(statusOf(special({ reviewDue: addDays(T, 59) }))).toBe('review_due');
    expect(statusOf(special({ reviewDue: addDays(T, 60) }))).toBe('review_due');
    expect(statusOf(special({ reviewDue: addDays(T, 61) }))).toBe('valid');
  });

  it('a review counts as done from reviewDue minus the window on', () => {
    const due = addDays(T, -10);
    expect(statusOf(special({ reviewDue: due, reviewedOn: addDays(due, -91) }))).toBe('review_overdue');
    expect(statusOf(special({ reviewDue: due, reviewedOn: addDays(due, -90) }))).toBe('valid');
    expect(statusOf(special({ reviewDue: due, reviewedOn: addDays(due, -89) }))).toBe('valid');
    const soon = addDays(T, 30);
    expect(statusOf(special({ reviewDue: soon, reviewedOn: addDays(soon, -91) }))).toBe('review_due');
    expect(statusOf(special({ reviewDue: soon, reviewedOn: addDays(soon, -90) }))).toBe('valid');
  });

  it('checks in order: expired, review_overdue, expiring, review_due', () => {
    expect(statusOf(special({ validUntil: addDays(T, -1), reviewDue: addDays(T, -100) }))).toBe('expired');
    expect(statusOf(special({ validUntil: addDays(T, 10), reviewDue: addDays(T, -1) }))).toBe(
      'review_overdue',
    );
    expect(statusOf(special({ validUntil: addDays(T, 10), reviewDue: addDays(T, 5) }))).toBe('expiring');
  });

  it('does not ask a safety certificate for a review', () => {
    const record: CertificateRecord = {
      kind: 'safety',
      idNumber: '11010519491231002X',
      name: '张三',
      validUntil: FAR,
      reviewDue: addDays(T, -5),
    };
    expect(statusOf(record)).toBe('valid');
  });

  it('follows warnDays from the rules', () => {
    const tight = { ...rules, warnDays: 10 };
    expect(statusOf(special({ validUntil: addDays(T, 11) }), tight)).toBe('valid');
    expect(statusOf(special({ validUntil: addDays(T, 10) }), tight)).toBe('expiring');
  });

  it('reports days to expiry and to a pending review', () => {
    const a = classifyCertificate(
      special({ validUntil: addDays(T, 100), reviewDue: addDays(T, 20) }),
      T,
      rules,
    );
    expect(a).toMatchObject({ status: 'review_due', daysToExpiry: 100, daysToReview: 20 });
    const done = classifyCertificate(special({ reviewDue: addDays(T, 20), reviewedOn: T }), T, rules);
    expect(done.daysToReview).toBeUndefined();
    expect(classifyCertificate(special({ validUntil: addDays(T, -3) }), T, rules).daysToExpiry).toBe(-3);
  });

  describe('review regimes switched by date', () => {
    const switched: Rules = {
      ...rules,
      reviewRegimes: [
        { from: '2026-06-01', mode: 'renewal' },
        { from: '1900-01-01', mode: 'review' },
      ],
    };
    const onDay = '2026-07-01';
    const at = (reviewDue: string) => classifyCertificate(special({ reviewDue }), onDay, switched).status;

    it('applies the regime whose start is the latest on or before reviewDue', () => {
      expect(at('2026-05-31')).toBe('review_overdue');
      expect(at('2026-06-01')).toBe('valid');
      expect(at('2026-06-02')).toBe('valid');
    });

    it('picks regimes in any order and defaults to review', () => {
      expect(reviewModeFor('2026-05-31', switched.reviewRegimes)).toBe('review');
      expect(reviewModeFor('2026-06-01', switched.reviewRegimes)).toBe('renewal');
      expect(reviewModeFor('1800-01-01', switched.reviewRegimes)).toBe('review');
      expect(reviewModeFor('2020-01-01', [])).toBe('review');
    });

    it('in renewal mode only validity counts', () => {
      const record = special({ reviewDue: '2026-06-10', validUntil: '2026-08-01' });
      expect(classifyCertificate(record, onDay, switched).status).toBe('expiring');
      expect(classifyCertificate(record, onDay, rules).status).toBe('review_overdue');
    });
  });
});
