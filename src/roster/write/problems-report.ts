/**
 * 自查自改问题清单: the seed form's columns (序号, 存在问题, 整改措施, 整改时限, 推进情况, 验收情况; seed 002) with the two
 * its text asks for beside them — 整改依据 after the problem, 责任人 after the deadline ("明确整改时间、责任人和效果")
 * — one line per problem, suspected fakes first, and the sign-off lines below. The 自查整改报告 reads this table by
 * its header names (PROBLEM_HEADERS).
 */
import {
  basisText,
  deadlineOf,
  measureText,
  PRIORITY_GROUPS,
  problemKey,
  problemText,
} from './problem-words.js';
import { type ReportInput, type ReportRow, scopeLines } from './report-rows.js';
import type { ReportOptions, ReportTable } from './table.js';

/**
 * The rows that are problems (everything but `valid`, and a valid one with a concern beside it: past retirement
 * age, under age at first issue, a number not the platform's), one per person and problem (problemKey) — the one
 * reported last when the same came from a chat query and a roster — in the order to deal with them.
 */
export function problemRows(rows: readonly ReportRow[]): ReportRow[] {
  const latest = new Map<string, { row: ReportRow; at: number }>();
  rows.forEach((row, at) => {
    if (row.status === 'valid' && !row.concerns?.length) return;
    const key = problemKey(row);
    const kept = latest.get(key);
    if (kept === undefined || row.lastAt >= kept.row.lastAt) latest.set(key, { row, at: kept?.at ?? at });
  });
  const rank = (r: ReportRow) => {
    const group = PRIORITY_GROUPS.findIndex((g) => g.statuses.includes(r.status));
    return group < 0 ? PRIORITY_GROUPS.length : group;
  };
  return [...latest.values()].sort((a, b) => rank(a.row) - rank(b.row) || a.at - b.at).map((x) => x.row);
}

/** The headers other papers (the 自查整改报告) find the problem list's columns by. */
export const PROBLEM_HEADERS = {
  problem: '存在问题',
  basis: '整改依据',
  measure: '整改措施',
  deadline: '整改时限',
  responsible: '责任人',
} as const;

/** The problem list of `input`. */
export function buildProblemsReport(input: ReportInput, options: ReportOptions): ReportTable {
  const problems = problemRows(input.rows);
  const responsible = input.profile?.responsible ?? '';
  return {
    title: `${input.enterprise ?? ''}三项岗位人员持证情况自查自改问题清单`,
    meta: scopeLines(input, '填报单位（盖章）', '填报时间'),
    columns: [
      { header: '序号', width: 6, kind: 'number' },
      { header: PROBLEM_HEADERS.problem, width: 50 },
      { header: PROBLEM_HEADERS.basis, width: 30 },
      { header: PROBLEM_HEADERS.measure, width: 44 },
      { header: PROBLEM_HEADERS.deadline, width: 12 },
      { header: PROBLEM_HEADERS.responsible, width: 10 },
      { header: '推进情况', width: 12 },
      { header: '验收情况', width: 12 },
    ],
    rows: problems.map((row, i) => ({
      cells: [
        i + 1,
        problemText(row, options.fullIds),
        basisText(row),
        measureText(row),
        deadlineOf(row, input.today),
        responsible,
        '',
        '',
      ],
      status: row.status,
    })),
    footer: [
      ...(problems.length === 0 ? ['本次核验未发现问题。'] : []),
      `负责人：　　　　　　填报人：　　　　　　联系方式：${input.profile?.phone ?? '　　　　　　'}　　填报日期：${input.today}`,
    ],
  };
}
