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

/**
 * The lines after a batch: the summary and its advice, what the roster itself needs fixing (IDs stored as
 * numbers, with their rows), and that the result is an xlsx when the roster was sent in another format.
 */
export function batchReplyText(result: BatchResult, again: string): string {
  return [
    summaryWithAdvice(summarise(result), again),
    ...result.roster.warnings.map((w) => `注意：${w}`),
    ...optional(resultFormatNote(result.roster.fileName)),
  ].join('\n');
}

/** That the result is written as xlsx, for a roster sent as xls, et, ods, csv or txt; undefined for an xlsx. */
export function resultFormatNote(fileName: string): string | undefined {
  const ext = /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase();
  if (ext === undefined || ext === 'xlsx' || ext === 'xlsm') return undefined;
  return `原名单是 .${ext} 文件，核验结果保存为 .xlsx（Excel 2007 及以上、WPS、LibreOffice 均可打开）`;
}

function optional(line: string | undefined): string[] {
  return line === undefined ? [] : [line];
}
