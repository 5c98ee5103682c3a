import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/dates.js';
import type { LedgerPerson } from '../../src/store/ledger-store.js';
import { dailyBudget, type PlanSettings, planRechecks } from '../../src/verify/ledger-plan.js';
import { person, ZHANG } from './ledger-helpers.js';

const TODAY = '2026-11-24';
const SETTINGS: PlanSettings = {
  recheckDays: 30,
  platformShare: 0.25,
  maxLookupsPerDay: 5000,
  minIntervalMs: 3000,
};

/** `n` people, each last judged `age(i)` days ago. */
function people(n: number, age: (i: number) => number | undefined): LedgerPerson[] {
  return Array.from({ length: n }, (_, i) => {
    const days = age(i);
    const p = person(`${ZHANG.slice(0, 14)}${String(i).padStart(4, '0')}`, `人员${i}`);
    if (days !== undefined) p.latest = { status: 'valid', judgedOn: addDays(TODAY, -days) };
    return p;
  });
}

const never = () => false;

describe('the re-check plan', () => {
  it('takes a share of everybody a day, the oldest first, so each is asked within the period', () => {
    const list = people(300, (i) => i % 29);
    const plan = planRechecks([{ enterprise: '甲', people: list }], TODAY, SETTINGS, never);
    expect(plan.checks).toHaveLength(10);
    expect(plan.checks.every((c) => (c.person.latest?.judgedOn ?? '') <= addDays(TODAY, -27))).toBe(true);
  });

  it('takes everybody due, beyond the share, while the budget allows', () => {
    const list = people(100, (i) => (i < 40 ? 31 : 2));
    const plan = planRechecks([{ enterprise: '甲', people: list }], TODAY, SETTINGS, never);
    expect(plan.checks).toHaveLength(40);
    expect(plan.waiting).toBe(0);
  });

  it('never plans more platform lookups than the day allows; the rest wait, and cache hits cost nothing', () => {
    const settings = { ...SETTINGS, maxLookupsPerDay: 25 };
    const list = people(100, () => undefined);
    const cached = (p: LedgerPerson) => p.name.endsWith('0');
    const plan = planRechecks([{ enterprise: '甲', people: list }], TODAY, settings, cached);
    expect(plan.budget).toBe(25);
    expect(plan.lookups).toBeLessThanOrEqual(25);
    expect(plan.checks.filter((c) => c.lookups === 0)).toHaveLength(10);
    expect(plan.checks.slice(0, 10).every((c) => c.lookups === 0)).toBe(true);
    expect(plan.checks).toHaveLength(35);
    expect(plan.waiting).toBe(65);
  });

  it('derives the budget from the pause between queries and the share of the day', () => {
    expect(dailyBudget(SETTINGS)).toBe(5000);
    expect(dailyBudget({ ...SETTINGS, minIntervalMs: 60_000 })).toBe(360);
    expect(dailyBudget({ ...SETTINGS, minIntervalMs: 0, maxLookupsPerDay: 77 })).toBe(77);
  });

  it('counts three lookups for a person of unknown type, and leaves out who left or failed today', () => {
    const list = [
      person(ZHANG, '甲', { personType: undefined }),
      person(`${ZHANG.slice(0, 17)}1`, '乙', { left: '2026-11-01' }),
      person(`${ZHANG.slice(0, 17)}2`, '丙', { lastFailedOn: TODAY }),
      person(`${ZHANG.slice(0, 17)}3`, '丁', { lastFailedOn: addDays(TODAY, -1) }),
    ];
    const plan = planRechecks([{ enterprise: '甲', people: list }], TODAY, SETTINGS, never);
    expect(plan.checks.map((c) => [c.person.name, c.lookups])).toEqual([
      ['甲', 3],
      ['丁', 1],
    ]);
  });
});
