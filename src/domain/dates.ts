/**
 * Calendar dates as `YYYY-MM-DD` strings. A 有效期 is a calendar date, so arithmetic is done on day numbers
 * (days since 1970-01-01, proleptic Gregorian), never on instants that a time zone could shift.
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `text` is a real calendar date in `YYYY-MM-DD` form (2023-02-29 is not). */
export function isCalendarDate(text: string): boolean {
  const m = DATE_RE.exec(text);
  if (!m) return false;
  return isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Whether year/month/day name a real day. */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Day number of a `YYYY-MM-DD` date (throws on a malformed one). */
export function toDayNumber(date: string): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000;
}

/** `YYYY-MM-DD` of a day number. */
export function fromDayNumber(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** `date` plus `days` (negative to go back). */
export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** Completed years of age on `on` for someone born on `birth`. */
export function ageOn(birth: string, on: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = on.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/**
 * The same day of the month `months` months after `date`; when that month has no such day (31 April, 29 February
 * of a common year), the first day of the month after, as `ageOn` counts the birthday of someone born on one.
 */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  if (isRealDate(year, month, d)) return `${year}-${pad2(month)}-${pad2(d)}`;
  const next = index + 1;
  return `${Math.floor(next / 12)}-${pad2((next % 12) + 1)}-01`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Today's date in China (UTC+8, no daylight saving), from an instant (default: now). */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** An instant shown as China local time `YYYY-MM-DD HH:mm`. */
export function formatChinaTime(instant: Date | string | number): string {
  const t = new Date(instant).getTime() + 8 * 3_600_000;
  return new Date(t).toISOString().slice(0, 16).replace('T', ' ');
}

/** A `YYYY-MM-DD` date as a Chinese document dates it: 2026年12月7日 (no leading zeros). */
export function chineseDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}
