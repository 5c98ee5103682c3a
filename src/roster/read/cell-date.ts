/**
 * Dates as people keep them in a spreadsheet cell, read as calendar dates `YYYY-MM-DD`: a date cell (already
 * `YYYY-MM-DD` from cell-text.ts, maybe with a time), 2024/1/2, 2024.01.02, 2024年1月2日, 20240102, or the
 * bare serial number Excel shows when a date cell lost its date format.
 */
import { fromDayNumber, isRealDate, toDayNumber } from '../../domain/dates.js';

/** Excel's day 0 as it counts (1900 leap-year bug included): serial 45293 is 2024-01-02. */
const EXCEL_EPOCH = toDayNumber('1899-12-30');

/** Serials taken as dates: five digits, 1927-05-18 to 2173-10-14; shorter or longer numbers are not dates. */
const SERIAL = /^(\d{5})(\.\d+)?$/;
const SEPARATED =
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+\d{1,2}:\d{2}(?::\d{2})?)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

/** The calendar date a cell shows, or `undefined` when it is not a real date in a known form. */
export function parseCellDate(text: string): string | undefined {
  const t = text.trim();
  const serial = SERIAL.exec(t);
  if (serial) return fromDayNumber(EXCEL_EPOCH + Number(serial[1]));
  const m = SEPARATED.exec(t) ?? COMPACT.exec(t);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!isRealDate(year, month, day)) return undefined;
  return `${m[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
