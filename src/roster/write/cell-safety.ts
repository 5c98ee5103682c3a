/**
 * Formula injection guard for files opened in a spreadsheet: a text cell that starts with = + - @ (or their
 * full-width forms ＝ ＋ － ＠, which a Chinese spreadsheet may read as the same), a tab or a carriage return could
 * be taken as a formula (CSV injection), so it gets a leading single quote. Every export — the bot's reports,
 * rosters and ledgers, the bureau's — writes its cells through this one function.
 */

/** What a cell may not start with. */
export const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;

/** The text made safe to put in a spreadsheet cell (unchanged when it cannot start a formula). */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
