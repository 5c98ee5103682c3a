/**
 * How the annotated roster lays out what it adds to a roster: the verification columns under one merged
 * 核验结果 heading (their names never repeating one of the roster's own), the mark of a hidden row, and the row
 * the sheet moves down by when the heading needs one. Shared by the writer and its 汇总 sheet.
 */
import { normaliseHeader } from '../read/header.js';
import type { RosterSheet } from '../types.js';

/** The heading merged above the verification columns, grouping them apart from the roster's own. */
export const RESULT_HEADING = '核验结果';

/**
 * The verification columns appended after the roster's own, with their widths; `cert` ones describe the
 * certificate found (named 证书… when the roster has a column of the same name).
 */
export const ANNOTATION_COLUMNS: ReadonlyArray<{ header: string; width: number; cert?: true }> = [
  { header: '核验结论', width: 12 },
  { header: '说明', width: 40 },
  { header: '作业类别', width: 16, cert: true },
  { header: '操作项目', width: 22, cert: true },
  { header: '有效期至', width: 12, cert: true },
  { header: '应复审日期', width: 12, cert: true },
  { header: '实际复审日期', width: 13, cert: true },
  { header: '数据来源', width: 18 },
  { header: '核验时间', width: 17 },
];

/**
 * The verification columns' headers for a roster: none repeats one of its own (操作项目 → 证书操作项目; an
 * annotated roster sent back again: 核验结论 → 核验结论（本次）).
 */
export function annotationHeaders(rosterHeader: readonly string[]): string[] {
  const taken = new Set(rosterHeader.map(normaliseHeader).filter((h) => h !== ''));
  return ANNOTATION_COLUMNS.map((c) => {
    const prefix = c.cert ? '证书' : '核验';
    const names = [c.header, ...(c.header.startsWith(prefix) ? [] : [`${prefix}${c.header}`])];
    return names.find((n) => !taken.has(normaliseHeader(n))) ?? `${c.header}（本次）`;
  });
}

/**
 * Rows the annotated sheet is moved down by: the 核验结果 heading takes the row above the header, and a roster
 * whose header is its first row has none, so its rows come one lower (the 汇总 says so).
 */
export function rowShift(sheet: RosterSheet): number {
  return sheet.headerRow === 1 ? 1 : 0;
}

/** The mark of a row hidden in the roster, first in its 说明. */
export const HIDDEN_ROW = '隐藏行';
