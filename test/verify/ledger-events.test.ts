import { describe, expect, it } from 'vitest';
import type { LedgerBook, LedgerPerson } from '../../src/store/ledger-store.js';
import { ledgerEvents, unsentEvents } from '../../src/verify/ledger-events.js';
import { prepareDigest } from '../../src/verify/ledger-reminders.js';
import { changesText, digestText } from '../../src/verify/ledger-words.js';
import { cert, LI, person, RULES, WANG, ZHANG } from './ledger-helpers.js';

const TODAY = '2026-11-24';
const ID4 = '330106198804210174';
const ID5 = '440305198701300468';

function judged(
  p: LedgerPerson,
  certificate: ReturnType<typeof cert> | undefined,
  status = 'valid' as const,
) {
  p.latest = { status, judgedOn: '2026-11-01', source: 'national', ...(certificate ? { certificate } : {}) };
  p.history.push({ on: '2026-11-01', to: status });
  return p;
}

function book(people: LedgerPerson[], sent: Record<string, string> = {}): LedgerBook {
  return { enterprise: '甲公司', people, sent };
}

describe('the events of a ledger on a day', () => {
  const people = () => [
    judged(person(ZHANG, '张伟'), cert(ZHANG, '张伟', '2027-01-10')), // expiring in 47 days, new rule
    judged(person(WANG, '王芳'), cert(WANG, '王芳', '2026-11-20')), // expired 4 days ago
    judged(person(LI, '李强'), cert(LI, '李强', '2029-12-18', { reviewDue: '2026-01-05' })), // review overdue, old rule
    judged(person(ID4, '刘洋'), cert(ID4, '刘洋', '2030-01-01', { reviewDue: '2026-12-18' })), // due after the change: none
    judged(person(ID5, '陈静', { left: '2026-10-01' }), cert(ID5, '陈静', '2026-12-01')), // left: none
  ];

  it('judges each certificate again on the day: expiring, expired, overdue; none for the renewal rule or who left', () => {
    const events = ledgerEvents(book(people()), TODAY, RULES);
    expect(events.map((e) => [e.status, e.name, e.date, e.daysLeft])).toEqual([
      ['expired', '王芳', '2026-11-20', -4],
      ['review_overdue', '李强', '2026-01-05', -323],
      ['expiring', '张伟', '2027-01-10', 47],
    ]);
    expect(events.find((e) => e.status === 'expiring')?.duty).toBe('renewal');
  });

  it('reminds of a review due in the window where the old rule still applies', () => {
    const p = judged(person(ZHANG, '张伟'), cert(ZHANG, '张伟', '2029-05-01', { reviewDue: '2026-05-20' }));
    const [event] = ledgerEvents(book([p]), '2026-04-01', RULES);
    expect(event).toMatchObject({ status: 'review_due', date: '2026-05-20', daysLeft: 49 });
  });

  it('tells a person newly not found, but not one never found', () => {
    const was = judged(person(ZHANG, '张伟'), cert(ZHANG, '张伟', '2030-01-01'));
    was.latest = { status: 'not_found', judgedOn: '2026-11-23' };
    was.history.push({ on: '2026-11-23', from: 'valid', to: 'not_found' });
    const never = judged(person(WANG, '王芳'), undefined);
    never.latest = { status: 'not_found', judgedOn: '2026-11-01' };
    const events = ledgerEvents(book([was, never]), TODAY, RULES);
    expect(events.map((e) => [e.status, e.name, e.date])).toEqual([['not_found', '张伟', '2026-11-23']]);
  });

  it('leaves out what was pushed before, so each event goes once', () => {
    const all = ledgerEvents(book(people()), TODAY, RULES);
    const sent = { [all[0]?.key ?? '']: '2026-11-23' };
    expect(unsentEvents(book(people(), sent), all).map((e) => e.name)).toEqual(['李强', '张伟']);
  });
});

describe('the digest', () => {
  it('groups the new events, masks every ID and tells the changes found', () => {
    const digest = prepareDigest(
      {
        ...book([judged(person(ZHANG, '张伟'), cert(ZHANG, '张伟', '2027-01-10'))]),
        untoldChanges: { renewed: 2, overdue: 1 },
      },
      TODAY,
      RULES,
    );
    expect(digest.digest).toContain('【甲公司 持证提醒 2026-11-24】');
    expect(digest.digest).toContain('复查结果：3 人状态变化：2 人已换证，1 人逾期。');
    expect(digest.digest).toContain(
      '1. 张伟 110105********0135 低压电工作业：2027-01-10 到期，还有 47 天，请在有效期届满前换领新证',
    );
    expect(digest.digest).not.toContain(ZHANG);
  });

  it('is quiet when nothing is new', () => {
    expect(digestText('甲公司', TODAY, [], undefined)).toBeUndefined();
    expect(prepareDigest(book([]), TODAY, RULES).digest).toBeUndefined();
    expect(changesText({})).toBeUndefined();
    expect(changesText({ not_found: 1 })).toBe('1 人状态变化：1 人查不到证书');
  });
});
