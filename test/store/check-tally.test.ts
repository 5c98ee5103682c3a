import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
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

async function lineCount(dir: string): Promise<number> {
  return (await readFile(join(dir, 'checks.jsonl'), 'utf8')).trimEnd().split('\n').length - 1;
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
    const december = reopened.checks.summary({ enterprise: '甲公司', from: '2026-12-01', to: '2026-12-31' });
    expect(december).toEqual({
      people: 3,
      found: 3,
      byStatus: { valid: 2, expiring: 1 },
      byClass: { special: 1, manager: 1, principal: 0, unknown: 1 },
      firstDay: '2026-12-01',
      lastDay: '2026-12-03',
    });
    const firstDay = reopened.checks.summary({ enterprise: '甲公司', to: '2026-12-01' });
    expect(firstDay.byStatus).toEqual({ valid: 1, not_found: 1, expiring: 1 });
    expect(reopened.checks.summary().people).toBe(3);
    expect(reopened.checks.month('甲公司', '2026-12')).toEqual({ people: 3, problems: 1 });
    expect(reopened.checks.month('乙公司', '2026-12')).toEqual({ people: 0, problems: 0 });
    expect(reopened.checks.month('乙公司', '2026-11')).toEqual({ people: 1, problems: 0 });
    await reopened.close();
  });

  it('writes nothing for a check that says nothing new for the day, and counts a concern as a problem', async () => {
    const dir = await tempDir();
    const store = await openStore(dir, { cache: TTL });
    store.checks.record(entry());
    store.checks.record(entry());
    store.checks.record(entry({ concern: true }));
    await store.close();
    expect(await lineCount(dir)).toBe(2);
    const reopened = await openStore(dir, { cache: TTL });
    expect(reopened.checks.month('甲公司', '2026-12')).toEqual({ people: 1, problems: 1 });
    await reopened.close();
  });
});
