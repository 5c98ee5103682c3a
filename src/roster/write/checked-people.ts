/**
 * How many people a report's checks covered: the store's tally when the input carries it, else its own rows.
 */
import { type CheckSummary, foundHolder, summarizeChecks } from '../../domain/check-summary.js';
import type { ReportInput } from './report-rows.js';

/**
 * The counts of `input`: its `checked` summary, or else its rows counted. `whole` says whether they cover everyone
 * checked; rows of the findings log without a summary are the problems only.
 */
export function checkSummaryOf(input: ReportInput): { summary: CheckSummary; whole: boolean } {
  if (input.checked) return { summary: input.checked, whole: true };
  const summary = summarizeChecks(
    input.rows.map((row) => ({
      idNumber: row.idNumber,
      status: row.status,
      ...(row.personType ? { personType: row.personType } : {}),
      found: foundHolder(row.status, row.certificates.length),
      day: row.day,
    })),
  );
  return { summary, whole: input.complete };
}
