/**
 * 检查表 · 查持证情况: the three checks of the seed checklist, each with 检查方式 and 检查情况 filled from the
 * results (how many were checked on the national platform, found, valid and of the right type), the problems
 * listed below.
 */
import { isAcceptable, type VerdictStatus } from '../../domain/status.js';
import { problemText } from './problem-words.js';
import { problemRows } from './problems-report.js';
import { type ReportInput, type ReportRow, scopeLines } from './report-rows.js';
import type { ReportOptions, ReportTable } from './table.js';

/** Distinct people (by ID number) among `rows` whose status is one of `statuses`. */
function people(rows: readonly ReportRow[], statuses?: readonly VerdictStatus[]): number {
  return new Set(rows.filter((r) => !statuses || statuses.includes(r.status)).map((r) => r.idNumber)).size;
}

function ledgerText(input: ReportInput): string {
  const { rows } = input;
  const byType = (t: ReportRow['personType']) =>
    new Set(rows.filter((r) => r.personType === t).map((r) => r.idNumber)).size;
  const typed = `特种作业人员 ${byType('special')} 人，主要负责人 ${byType('principal')} 人，安全生产管理人员 ${byType('manager')} 人，未注明类别 ${byType(undefined)} 人`;
  return input.complete
    ? `提交核验的名单共 ${people(rows)} 人（${typed}）。是否分类建立台账须查看台账原件。`
    : `问题记录涉及 ${people(rows)} 人（${typed}），核验合格人员不在问题记录中。是否分类建立台账须查看台账原件。`;
}

function platformText(input: ReportInput): string {
  const { rows } = input;
  const notFound = people(rows, ['not_found']);
  const nameWrong = people(rows, ['name_mismatch']);
  const unchecked = `证件号无效 ${people(rows, ['invalid_id'])} 人，暂时无法核验 ${people(rows, ['unverifiable'])} 人，非应急管理部门发证（须到其发证部门平台核验）${people(rows, ['other_authority'])} 人`;
  if (!input.complete) {
    return `通过全国统一平台（cx.mem.gov.cn）核验发现：未查询到证书信息 ${notFound} 人，姓名与平台登记不符 ${nameWrong} 人；${unchecked}。`;
  }
  const apart: readonly string[] = ['invalid_id', 'unverifiable', 'other_authority'];
  const checked = people(rows.filter((r) => !apart.includes(r.status)));
  const found = checked - notFound - nameWrong;
  return `通过全国统一平台（cx.mem.gov.cn）核验 ${checked} 人，查询到证书信息 ${found} 人，未查询到 ${notFound} 人，姓名与平台登记不符 ${nameWrong} 人；${unchecked}。`;
}

function validityText(input: ReportInput): string {
  const { rows } = input;
  const lapsed = `逾期未复审 ${people(rows, ['review_overdue'])} 人，已过期 ${people(rows, ['expired'])} 人；证件类型（操作项目）不匹配 ${people(rows, ['item_mismatch'])} 人`;
  const due = `应复审 ${people(rows, ['review_due'])} 人、即将到期 ${people(rows, ['expiring'])} 人`;
  if (!input.complete) return `${lapsed}；${due}。`;
  const inForce = people(rows.filter((r) => isAcceptable(r.status)));
  return `在有效期内且类型匹配 ${inForce} 人（其中${due}）；${lapsed}。`;
}

/** The inspection checklist of `input`. */
export function buildChecklistReport(input: ReportInput, options: ReportOptions): ReportTable {
  const problems = problemRows(input.rows);
  return {
    title: '生产经营单位三项岗位人员持证情况检查表（查持证情况）',
    meta: scopeLines(input, '被检查单位名称', '检查日期'),
    columns: [
      { header: '序号', width: 6, kind: 'number' },
      { header: '检查内容', width: 36 },
      { header: '检查方式', width: 12 },
      { header: '检查情况', width: 70 },
    ],
    rows: [
      { cells: [1, '是否分类建立"三项岗位人员"持证台账', '查台账', ledgerText(input)] },
      { cells: [2, '是否通过全国统一平台查询到证书信息', '查证件', platformText(input)] },
      { cells: [3, '证件是否在有效期内，证件类型是否匹配', '查台账 查证件', validityText(input)] },
    ],
    footer: [
      problems.length === 0 ? '发现的问题：无。' : `发现的问题（${problems.length} 项）：`,
      ...problems.map((row, i) => `${i + 1}. ${problemText(row, options.fullIds)}`),
      '检查人员签字：　　　　　　　　　　被检查单位负责人签字：',
    ],
  };
}
