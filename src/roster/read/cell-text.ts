/**
 * The text a person sees in a spreadsheet cell, from an exceljs value: rich text joined, the result of a
 * formula, a date as YYYY-MM-DD, a hyperlink's text. Numbers too long to be exact are flagged, because an ID
 * typed into a number cell has already lost its last digits.
 */
import type { CellValue } from 'exceljs';

/** Displayed text of a cell, and whether it is a number whose digits past the 15th were lost. */
export interface CellText {
  text: string;
  digitsLost: boolean;
}

/** Excel keeps 15 significant digits: an integer of 16 digits or more is not what was typed. */
const FIRST_INEXACT = 1e15;

/** The displayed text of an exceljs cell value. */
export function cellText(value: CellValue): CellText {
  if (value === null || value === undefined) return { text: '', digitsLost: false };
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'string') return { text: value.trim(), digitsLost: false };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE', digitsLost: false };
  if (value instanceof Date) return { text: dateText(value), digitsLost: false };
  if ('richText' in value)
    return {
      text: value.richText
        .map((r) => r.text)
        .join('')
        .trim(),
      digitsLost: false,
    };
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result ?? null);
  if ('hyperlink' in value) return cellText(value.text as CellValue);
  if ('error' in value) return { text: value.error, digitsLost: false };
  return { text: '', digitsLost: false };
}

function numberText(n: number): CellText {
  if (Number.isInteger(n) && Math.abs(n) >= FIRST_INEXACT) {
    return { text: BigInt(n).toString(), digitsLost: true };
  }
  if (Number.isInteger(n)) return { text: String(n), digitsLost: false };
  return { text: String(Number(n.toPrecision(12))), digitsLost: false };
}

/** exceljs gives dates as UTC instants of the calendar day: read them in UTC so no time zone shifts the day. */
function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  const time = iso.slice(11, 16);
  return time === '00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time}`;
}
