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

/**
 * What to do about the rows the platform did not answer (a line to add after the summary), `again` saying how
 * to ask once more; undefined when there are none.
 */
export function unverifiableAdvice(summary: BatchSummary, again: string): string | undefined {
  const rows = summary.byStatus.unverifiable;
  if (rows === 0) return undefined;
  return `其中 ${rows} 行暂时无法核验（查询平台没有回应）。${again}即可补查：已有结果的人直接取用缓存，只重新查询这些人。`;
}

/** The summary line, and the advice for unverifiable rows when there are any. */
export function summaryWithAdvice(summary: BatchSummary, again: string): string {
  const advice = unverifiableAdvice(summary, again);
  return advice ? `${summaryLine(summary)}\n${advice}` : summaryLine(summary);
}
