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

  it('a recorded review counts as done; one outside reviewDue − window … reviewDue is marked for a warning', () => {
    const due = addDays(T, -10);
    const judged = (reviewedOn: string, reviewDue = due) =>
      classifyCertificate(special({ reviewDue, reviewedOn }), T, rules);
    expect(judged(addDays(due, -91))).toMatchObject({ status: 'valid', reviewTiming: 'early' });
    expect(judged(addDays(due, -90)).reviewTiming).toBeUndefined();
    expect(judged(addDays(due, -89)).reviewTiming).toBeUndefined();
    expect(judged(due).reviewTiming).toBeUndefined();
    expect(judged(addDays(due, 1))).toMatchObject({ status: 'valid', reviewTiming: 'late' });
    expect(judged(addDays(due, 1)).daysToReview).toBeUndefined();
    const soon = addDays(T, 30);
    expect(judged(addDays(soon, -91), soon)).toMatchObject({ status: 'valid', reviewTiming: 'early' });
    expect(judged(addDays(soon, -90), soon)).toMatchObject({ status: 'valid' });
  });

  it('a late or early review keeps the status the other rules give', () => {
    const record = special({
      validUntil: addDays(T, 20),
      reviewDue: addDays(T, -30),
      reviewedOn: addDays(T, -5),
    });
    expect(classifyCertificate(record, T, rules)).toMatchObject({ status: 'expiring', reviewTiming: 'late' });
    const gone = special({
      validUntil: addDays(T, -1),
      reviewDue: addDays(T, -400),
      reviewedOn: addDays(T, -600),
    });
    expect(classifyCertificate(gone, T, rules)).toMatchObject({ status: 'expired', reviewTiming: 'early' });
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
      const reviewOnly: Rules = { ...rules, reviewRegimes: [{ from: '1900-01-01', mode: 'review' }] };
      expect(classifyCertificate(record, onDay, switched).status).toBe('expiring');
      expect(classifyCertificate(record, onDay, reviewOnly).status).toBe('review_overdue');
    });

    it('in renewal mode a review recorded late or early is no matter', () => {
      const record = special({ reviewDue: '2026-06-10', reviewedOn: '2026-06-20' });
      expect(classifyCertificate(record, onDay, switched).reviewTiming).toBeUndefined();
    });
  });

  describe('the default rules: renewal for what falls due from 2026-06-01 on', () => {
    it('is the default setting', () => {
      expect(rules.reviewRegimes).toEqual([
        { from: '1900-01-01', mode: 'review' },
        { from: '2026-06-01', mode: 'renewal' },
      ]);
    });

    it('a review due 2026-05-31 and not done is overdue; one due 2026-06-01 is not required', () => {
      const at = (reviewDue: string, today: string) =>
        classifyCertificate(special({ reviewDue }), today, rules);
      expect(at('2026-05-31', '2026-07-01')).toMatchObject({
        status: 'review_overdue',
        reviewMode: 'review',
      });
      expect(at('2026-06-01', '2026-07-01')).toMatchObject({ status: 'valid', reviewMode: 'renewal' });
      expect(at('2026-06-01', '2026-07-01').daysToReview).toBeUndefined();
      expect(at('2026-05-31', '2026-05-20')).toMatchObject({ status: 'review_due', daysToReview: 11 });
      expect(at('2026-06-01', '2026-05-20').status).toBe('valid');
    });

    it('sample 李强: reviewDue 2026-12-18, judged 2026-11-24 → valid, not review_due', () => {
      const record = special({ validUntil: '2029-12-18', reviewDue: '2026-12-18' });
      expect(classifyCertificate(record, '2026-11-24', rules).status).toBe('valid');
    });

    it('what expiry calls for follows validUntil: 2026-05-31 old rule, 2026-06-01 renewal', () => {
      const ending = (validUntil: string) =>
        classifyCertificate(
          special({ validUntil, reviewDue: '2023-05-31', reviewedOn: '2023-05-01' }),
          '2026-05-01',
          rules,
        );
      expect(ending('2026-05-31')).toMatchObject({ status: 'expiring', expiryMode: 'review' });
      expect(ending('2026-06-01')).toMatchObject({ status: 'expiring', expiryMode: 'renewal' });
    });

    it('a safety certificate has no review or expiry mode', () => {
      const record: CertificateRecord = {
        kind: 'safety',
        idNumber: '11010519491231002X',
        name: '张三',
        validUntil: FAR,
      };
      const assessed = classifyCertificate(record, T, rules);
      expect(assessed.expiryMode).toBeUndefined();
      expect(assessed.reviewMode).toBeUndefined();
    });
  });
});
