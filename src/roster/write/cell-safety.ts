/**
 * Formula injection guard for files opened in a spreadsheet: a text cell that starts with = + - @, a tab or a
 * carriage return could be taken as a formula (CSV injection), so it gets a leading single quote.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** The text made safe to put in a spreadsheet cell (unchanged when it cannot start a formula). */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
