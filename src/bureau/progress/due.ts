/**
 * When the monthly table is due: county bureaus file each month's 《专项整治工作进展情况统计表》 by the 1st of the
 * next month (seed 000, 四(一)), so from the 25th (China time) the console reminds staff of the month's table.
 */
import { addMonths, todayInChina } from '../../domain/dates.js';

/** The day of the month from which the reminder shows. */
export const REMIND_FROM_DAY = 25;

/** The month whose table is due soon and the day it is due by (`YYYY-MM-DD`), from the 25th; else undefined. */
export function progressDue(now: Date): { month: string; dueBy: string } | undefined {
  const today = todayInChina(now);
  if (Number(today.slice(8, 10)) < REMIND_FROM_DAY) return undefined;
  const month = today.slice(0, 7);
  return { month, dueBy: addMonths(`${month}-01`, 1) };
}
