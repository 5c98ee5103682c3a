/**
 * Dates as the platform may send them, normalised to calendar `YYYY-MM-DD` in China time (DESIGN habit 12).
 */
import { isRealDate, todayInChina } from '../../domain/dates.js';

const SEPARATED =
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T](\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const EPOCH_MILLIS = /^-?\d{11,14}$/;

/**
 * A platform date as `YYYY-MM-DD`, or undefined when it is not a date. Accepts 2024-01-02, 2024/1/2, 2024.1.2,
 * 2024年1月2日, 20240102, 2024-01-02 00:00:00, ISO instants with a zone (read in China time) and epoch millis.
 */
export function normalisePlatformDate(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? fromInstant(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (EPOCH_MILLIS.test(text)) return fromInstant(Number(text));
  const compact = COMPACT.exec(text);
  if (compact) return calendar(compact[1], compact[2], compact[3]);
  const m = SEPARATED.exec(text);
  if (!m) return undefined;
  if (m[5] && m[4]) {
    const instant = Date.parse(
      `${m[1]}-${pad(m[2])}-${pad(m[3])}T${m[4].length === 4 ? `0${m[4]}` : m[4]}${m[5]}`,
    );
    return Number.isNaN(instant) ? undefined : fromInstant(instant);
  }
  return calendar(m[1], m[2], m[3]);
}

function calendar(y = '', mo = '', d = ''): string | undefined {
  if (!isRealDate(Number(y), Number(mo), Number(d))) return undefined;
  return `${y}-${pad(mo)}-${pad(d)}`;
}

function pad(n = ''): string {
  return n.padStart(2, '0');
}

function fromInstant(millis: number): string | undefined {
  const date = new Date(millis);
  return Number.isNaN(date.getTime()) ? undefined : todayInChina(date);
}
