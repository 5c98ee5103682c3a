/**
 * Months as the bureau counts them: `YYYY-MM` of an instant in China time (a lead found at 23:30 on 31 May in
 * Beijing is May's, whatever UTC says), and the months of a figures range.
 */

import { todayInChina } from '../../domain/dates.js';
import { InputError } from '../../domain/errors.js';

/** The most months one figures query covers (ten years). */
const MAX_MONTHS = 120;

/** `YYYY-MM` of `instant` in China time. */
export function monthInChina(instant: string | Date): string {
  return todayInChina(new Date(instant)).slice(0, 7);
}

/** Whether `text` is a month `YYYY-MM`. */
export function isMonth(text: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(text);
}

/** Every month from `from` to `to`, both included; refuses a reversed or too long range. */
export function monthsBetween(from: string, to: string): string[] {
  if (!isMonth(from) || !isMonth(to)) throw new InputError('月份应为 YYYY-MM 格式，例如 2026-05');
  if (from > to) throw new InputError(`起始月份 ${from} 晚于结束月份 ${to}`);
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  for (let m = from; m <= to; ) {
    months.push(m);
    if (months.length > MAX_MONTHS) throw new InputError(`一次最多统计 ${MAX_MONTHS} 个月`);
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
    m = `${year}-${String(month).padStart(2, '0')}`;
  }
  return months;
}

/**
 * The first month of a month's 累计 (cumulative) figures: the campaign's start month (`bureau.campaignStartMonth`;
 * empty: January of `month`'s year), or `month` itself when the campaign starts after it.
 */
export function cumulativeStart(month: string, campaignStart: string): string {
  const start = campaignStart === '' ? `${month.slice(0, 4)}-01` : campaignStart;
  return start <= month ? start : month;
}
