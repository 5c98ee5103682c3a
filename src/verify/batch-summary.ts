/**
 * Counts of a finished batch by status word, over roster rows (a person listed twice counts twice).
 */
import { statusLabel, VERDICT_STATUSES, type VerdictStatus } from '../domain/status.js';
import type { BatchResult } from '../roster/types.js';

/** Rows and rows per status (every status word present, zero when none). */
export interface BatchSummary {
  rows: number;
  byStatus: Record<VerdictStatus, number>;
}

/** Summarise a batch result. */
export function summarise(result: BatchResult): BatchSummary {
  const byStatus = Object.fromEntries(VERDICT_STATUSES.map((s) => [s, 0])) as Record<VerdictStatus, number>;
  for (const r of result.results) byStatus[r.verdict.status] += 1;
  return { rows: result.results.length, byStatus };
}

/** One Chinese line: "已核验 33 行：有效 20，已过期 3，证件号无效 2". */
export function summaryLine(summary: BatchSummary): string {
  const counts = VERDICT_STATUSES.filter((s) => summary.byStatus[s] > 0).map(
    (s) => `${statusLabel(s)} ${summary.byStatus[s]}`,
  );
  return `已核验 ${summary.rows} 行：${counts.join('，') || '无'}`;
}
