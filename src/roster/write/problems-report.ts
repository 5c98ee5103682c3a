/**
 * 自查自改问题清单: the seed form's columns (序号, 存在问题, 整改措施, 整改时限, 推进情况, 验收情况) filled with one
 * line per problem, suspected fakes first, and the sign-off lines below.
 */
import { deadlineOf, measureText, PRIORITY_GROUPS, problemText } from './problem-words.js';
import { type ReportInput, type ReportRow, scopeLines } from './report-rows.js';
import type { ReportOptions, ReportTable } from './table.js';

/**
 * The rows that are problems (everything but `valid`, and a valid one with a concern beside it: past retirement
 * age, under age at first issue, a number not the platform's), one per person and status, in the order to deal
 * with them; the concerns after the statuses.
 */
export function problemRows(rows: readonly ReportRow[]): ReportRow[] {
  const seen = new Set<string>();
  const unique = rows.filter((r) => {
    const key = `${r.idNumber}|${r.status}|${r.item ?? ''}`;
    if ((r.status === 'valid' && !r.concerns?.length) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const rank = (r: ReportRow) => {
    const group = PRIORITY_GROUPS.findIndex((g) => g.statuses.includes(r.status));
    return group < 0 ? PRIORITY_GROUPS.length : group;
  };
  return unique
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i)
    .map((x) => x.r);
}

/** The problem list of `input`. */
export function buildProblemsReport(input: ReportInput, options: ReportOptions): ReportTable {
  const problems = problemRows(input.rows);
  return {
    title: `${input.enterprise ?? ''}三项岗位人员持证情况自查自改问题清单`,
    meta: scopeLines(input, '填报单位', '填报时间'),
    columns: [
      { header: '序号', width: 6, kind: 'number' },
      { header: '存在问题', width: 52 },
      { header: '整改措施', width: 46 },
      { header: '整改时限', width: 12 },
      { header: '推进情况', width: 14 },
      { header: '验收情况', width: 14 },
    ],
    rows: problems.map((row, i) => ({
      cells: [
        i + 1,
        problemText(row, options.fullIds),
        measureText(row),
        deadlineOf(row, input.today),
        '',
        '',
      ],
      status: row.status,
    })),
    footer: [
      ...(problems.length === 0 ? ['本次核验未发现问题。'] : []),
      `负责人：　　　　　　填报人：　　　　　　联系方式：　　　　　　填报日期：${input.today}`,
    ],
  };
}
