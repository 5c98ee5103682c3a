/**
 * The text a person sees in a spreadsheet cell, from an exceljs value: rich text joined, the result of a
 * formula, a date as YYYY-MM-DD, a hyperlink's text. Numbers too long to be exact are flagged, because an ID
 * typed into a number cell has already lost its last digits. The numbers and dates of the other workbook
 * formats (sheetjs-sheets.ts) are written the same way, so a roster reads alike whatever it was saved as.
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

/**
 * A number as a spreadsheet shows it. One of 16 digits or more is written as Excel keeps it (and shows it in
 * the formula bar): its first 15 digits, then zeros — never the binary float's digits nobody typed.
 */
export function numberText(n: number): CellText {
  if (Number.isInteger(n) && Math.abs(n) >= FIRST_INEXACT) {
    const [mantissa = '', exponent = '0'] = Math.abs(n).toExponential(14).split('e');
    const digits = mantissa.replace('.', '').padEnd(Number(exponent) + 1, '0');
    return { text: n < 0 ? `-${digits}` : digits, digitsLost: true };
  }
  if (Number.isInteger(n)) return { text: String(n), digitsLost: false };
  return { text: String(Number(n.toPrecision(12))), digitsLost: false };
}

/**
 * A date cell as YYYY-MM-DD (with HH:MM when it holds a time). Dates come as UTC instants of the calendar day
 * (exceljs gives them so): read them in UTC so no time zone shifts the day.
 */
export function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  const time = iso.slice(11, 16);
  return time === '00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time}`;
}
