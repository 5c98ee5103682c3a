import { describe, expect, it } from 'vitest';
import { addMonths } from '../../src/domain/dates.js';
import { retirementAgeText, retirementOf } from '../../src/domain/retirement.js';
import { defaultRules } from './ids.js';

const { retirement } = defaultRules();

/** Age as "years/months" for someone born on the 15th of `month` (YYYY-MM) on `track`. */
function ageFor(track: keyof Omit<typeof retirement, 'femaleTrack'>, month: string): string {
  const r = retirementOf(`${month}-15`, retirement[track]);
  return `${r.years}/${r.months}`;
}

describe('retirementOf: the annex tables of the 2024-09-13 decision', () => {
  it('defaults to the women-50 track for a woman', () => {
    expect(retirement.femaleTrack).toBe('female50');
  });

  it.each([
    ['1964-12', '60/0'],
    ['1965-01', '60/1'],
    ['1965-04', '60/1'],
    ['1965-05', '60/2'],
    ['1965-08', '60/2'],
    ['1965-09', '60/3'],
    ['1966-09', '60/6'],
    ['1976-08', '62/11'],
    ['1976-09', '63/0'],
    ['1976-12', '63/0'],
    ['1980-06', '63/0'],
  ])('men born %s retire at %s (years/months)', (month, age) => {
    expect(ageFor('male', month)).toBe(age);
  });

  it.each([
    ['1974-12', '50/0'],
    ['1975-01', '50/1'],
    ['1975-02', '50/1'],
    ['1975-03', '50/2'],
    ['1976-01', '50/7'],
    ['1984-10', '54/11'],
    ['1984-11', '55/0'],
    ['1990-01', '55/0'],
  ])('women on the 50 track born %s retire at %s', (month, age) => {
    expect(ageFor('female50', month)).toBe(age);
  });

  it.each([
    ['1969-12', '55/0'],
    ['1970-01', '55/1'],
    ['1970-04', '55/1'],
    ['1970-05', '55/2'],
    ['1981-08', '57/11'],
    ['1981-09', '58/0'],
    ['1985-01', '58/0'],
  ])('women on the 55 track born %s retire at %s', (month, age) => {
    expect(ageFor('female55', month)).toBe(age);
  });

  it('the day is the birth date plus the age', () => {
    expect(retirementOf('1966-09-10', retirement.male).date).toBe('2027-03-10');
    expect(retirementOf('1965-01-01', retirement.male).date).toBe('2025-02-01');
    expect(retirementOf('1965-04-30', retirement.male).date).toBe('2025-05-30');
    expect(retirementOf('1975-01-31', retirement.female50).date).toBe('2025-03-01');
    expect(retirementOf('1970-01-31', retirement.female55).date).toBe('2025-03-01');
  });

  it('says the age in words', () => {
    expect(retirementAgeText(retirementOf('1966-09-10', retirement.male))).toBe('60 岁 6 个月');
    expect(retirementAgeText(retirementOf('1980-01-10', retirement.male))).toBe('63 岁');
  });
});

describe('addMonths', () => {
  it('keeps the day, or takes the first of the next month when the month lacks it', () => {
    expect(addMonths('2026-01-15', 1)).toBe('2026-02-15');
    expect(addMonths('2026-11-30', 2)).toBe('2027-01-30');
    expect(addMonths('2026-01-31', 1)).toBe('2026-03-01');
    expect(addMonths('1964-02-29', 720)).toBe('2024-02-29');
    expect(addMonths('1965-02-28', 0)).toBe('1965-02-28');
  });
});
