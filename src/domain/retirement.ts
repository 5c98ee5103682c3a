/**
 * The statutory retirement age after the 2025 reform (全国人大常委会 2024-09-13 决定，《国务院关于渐进式延迟法定
 * 退休年龄的办法》, in force 2025-01-01), computed from a birth date and a track of `RetirementRules`.
 */
import { addMonths } from './dates.js';
import type { RetirementTrack } from './rules.js';

/** A retirement age and the day it is reached. */
export interface Retirement {
  /** Whole years of the age. */
  years: number;
  /** Months beyond `years` (0–11). */
  months: number;
  /** `YYYY-MM-DD`: the day the holder reaches the age (from that day on, the age is reached). */
  date: string;
}

/**
 * Retirement age and day for someone born on `birthDate` (`YYYY-MM-DD`) on `track`.
 *
 * Let n = months from the track's first birth month to the birth month (n = 0 for a birth in that month).
 * Born before it (n < 0): no delay. Otherwise the delay is ⌊n / monthsPerStep⌋ + 1 months, capped at
 * (maxAge − baseAge) × 12: "每4个月延迟1个月" means the first block of `monthsPerStep` birth months (for men
 * 1965-01 to 1965-04) already retires one month later, the next block two months, and so on. This gives the
 * annex tables: men 1965-01 → 60 岁 1 个月, 1965-05 → 60 岁 2 个月, 1976-08 → 62 岁 11 个月, 1976-09 and later
 * → 63 岁; women on the 50 track 1975-01 → 50 岁 1 个月, 1975-03 → 50 岁 2 个月, 1984-11 and later → 55 岁;
 * women on the 55 track 1970-01 → 55 岁 1 个月, 1981-09 and later → 58 岁.
 * The day is the birth date plus that age in months (see `addMonths` for a day the month lacks).
 */
export function retirementOf(birthDate: string, track: RetirementTrack): Retirement {
  const birthMonth = monthIndex(birthDate);
  const from = monthIndex(track.fromBirthMonth);
  const cap = (track.maxAge - track.baseAge) * 12;
  const n = birthMonth - from;
  const delay = n < 0 ? 0 : Math.min(Math.floor(n / track.monthsPerStep) + 1, cap);
  const total = track.baseAge * 12 + delay;
  return { years: Math.floor(total / 12), months: total % 12, date: addMonths(birthDate, total) };
}

/** "60 岁 6 个月", "63 岁". */
export function retirementAgeText(retirement: Retirement): string {
  return retirement.months === 0
    ? `${retirement.years} 岁`
    : `${retirement.years} 岁 ${retirement.months} 个月`;
}

/** Months since year 0 of a `YYYY-MM` or `YYYY-MM-DD` date. */
function monthIndex(date: string): number {
  return Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
}
