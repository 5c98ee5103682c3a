import { describe, expect, it } from 'vitest';
import type { CheckEntry } from '../../src/store/check-tally.js';
import { openStore } from '../../src/store/store.js';
import { tempDir } from './temp-dir.js';

const TTL = { positiveTtlDays: 7, negativeTtlDays: 1 };
const A = '11010519491231002X';
const B = '440103199001010178';
const C = '110101199003070134';

function entry(overrides: Partial<CheckEntry> = {}): CheckEntry {
  return { day: '2026-12-01', idNumber: A, status: 'valid', found: true, enterprise: '甲公司', ...overrides };
}

describe('check tally', () => {
  it('counts each person once by his latest result, per enterprise and period, across a reopen', async () => {
    const dir = await tempDir();
    const store = await openStore(dir, { cache: TTL });
    store.checks.record(entry({ personType: 'special' }));
    store.checks.record(entry({ idNumber: B, status: 'not_found', found: false, personType: 'special' }));
    store.checks.record(entry({ idNumber: C, status: 'expiring', personType: 'manager' }));
    store.checks.record(entry({ idNumber: B, day: '2026-12-03', status: 'valid', found: true }));
    store.checks.record(entry({ idNumber: C, enterprise: '乙公司', day: '2026-11-30' }));
    await store.close();

    const reopened = await openStore(dir, { cache: TTL });
    const december = await reopened.checks.summary({
      enterprise: '甲公司',
      from: '2026-12-01',
      to: '2026-12-31',
    });
    expect(december).toEqual({
      people: 3,
      found: 3,
      byStatus: { valid: 2, expiring: 1 },
      byClass: { special: 1, manager: 1, principal: 0, unknown: 1 },
      firstDay: '2026-12-01',
      lastDay: '2026-12-03',
    });
    const firstDay = await reopened.checks.summary({ enterprise: '甲公司', to: '2026-12-01' });
    expect(firstDay.byStatus).toEqual({ valid: 1, not_found: 1, expiring: 1 });
    expect((await reopened.checks.summary()).people).toBe(3);
    expect(await reopened.checks.summary({ enterprise: '丙公司' })).toEqual({
      people: 0,
      found: 0,
      byStatus: {},
      byClass: { special: 0, manager: 0, principal: 0, unknown: 0 },
    });
    expect(await reopened.checks.month('甲公司', '2026-12')).toEqual({ people: 3, problems: 1 });
    expect(await reopened.checks.month('乙公司', '2026-12')).toEqual({ people: 0, problems: 0 });
    expect(await reopened.checks.month('乙公司', '2026-11')).toEqual({ people: 1, problems: 0 });
    await reopened.close();
  });

  it('keeps the later of two results of a day, written apart or together, and counts a concern as a problem', async () => {
    const store = await openStore(await tempDir(), { cache: TTL });
    store.checks.record(entry());
    store.checks.record(entry({ concern: true }));
    await store.checks.flush();
    expect(await store.checks.month('甲公司', '2026-12')).toEqual({ people: 1, problems: 1 });
    store.checks.record(entry({ concern: false }));
    await store.checks.flush();
    expect(await store.checks.month('甲公司', '2026-12')).toEqual({ people: 1, problems: 0 });
    await store.close();
  });

  it('counts the latest check of a person asked under two enterprises the same day, the same result not moving it', async () => {
    const store = await openStore(await tempDir(), { cache: TTL });
    store.checks.record(entry({ status: 'expired' }));
    await store.checks.flush();
    store.checks.record(entry({ enterprise: '乙公司' }));
    await store.checks.flush();
    // Again with the same result: still older than the other enterprise's.
    store.checks.record(entry({ status: 'expired' }));
    await store.checks.flush();
    expect(await store.checks.month(undefined, '2026-12')).toEqual({ people: 1, problems: 0 });
    store.checks.record(entry({ status: 'not_found', found: false }));
    await store.checks.flush();
    expect(await store.checks.month(undefined, '2026-12')).toEqual({ people: 1, problems: 1 });
    await store.close();
  });
});
