/**
 * The problems the report counts, by the seed's 重点整治内容 for 生产经营单位 (000 §二(三) items 3–4: 无证上岗、持假证上岗,
 * managers not assessed), with the words section 二 counts them by and the condition section 三 accepts a
 * rectification on. One row of the problem list is one kind. These are the seed's groups for counting; the rule a
 * problem breaks (整改依据) goes by the finer kinds of domain/rectification-basis.ts, which split by post.
 */
import { isManagerQuery } from '../../../domain/absence.js';
import { assertNever, isAcceptable } from '../../../domain/status.js';
import type { ReportRow } from '../report-rows.js';

/** The kinds of problem, in the order section 二 counts them. */
export const SECTION_KINDS = [
  'fake',
  'uncertified',
  'unassessed',
  'expired',
  'review_overdue',
  'renewal',
  'mismatch',
  'concern',
  'unchecked',
] as const;

export type SectionKind = (typeof SECTION_KINDS)[number];

/** What section 二 calls each kind, and what section 三 accepts as its rectification (整改成效或验收条件). */
export const SECTION_KIND_WORDS: Record<SectionKind, { label: string; acceptance: string }> = {
  fake: {
    label: '疑似持假证（含冒用他人证件、涂改证件、假冒查询网站）',
    acceptance: '已停止其作业并向属地应急管理部门（12350）报告；取得真实有效证书、平台可查询前不上岗',
  },
  uncertified: {
    label: '全国统一平台未查到证书（无证上岗）',
    acceptance: '已调离特种作业岗位；取得证书、平台可查询到有效证书后方可上岗',
  },
  unassessed: {
    label: '平台未查到安全生产知识和管理能力考核合格证',
    acceptance: '平台可查询到本人有效的安全生产知识和管理能力考核合格证',
  },
  expired: {
    label: '证书已过期',
    acceptance: '已停止其作业；重新考核取证，平台可查询到有效证书',
  },
  review_overdue: {
    label: '未按期复审（证书失效）',
    acceptance: '已停止其作业；重新考核取证，平台可查询到有效证书',
  },
  renewal: {
    label: '临近复审日期或有效期届满，须按期复审、换证',
    acceptance: '按期完成复审或换证，平台可查询到复审记录或新的有效期',
  },
  mismatch: {
    label: '证件与所从事作业或名单信息不符',
    acceptance: '从事的作业与持证操作项目一致，名单信息与平台登记一致',
  },
  concern: {
    label: '持证人年龄须核实（已达法定退休年龄或初次领证时未满 18 周岁）',
    acceptance: '已核实情况并相应调整岗位，台账已注明',
  },
  unchecked: {
    label: '暂未能核验（身份证号有误、平台暂时无法访问或非应急管理部门发证）',
    acceptance: '更正信息后重新核验，平台有核验结果',
  },
};

/** The kind of a problem row: a lead first (it may come with any status), then by status and post. */
export function sectionKindOf(row: ReportRow): SectionKind {
  if (row.lead !== undefined) return 'fake';
  if (row.concerns?.length && isAcceptable(row.status)) return 'concern';
  switch (row.status) {
    case 'not_found':
      return isManagerQuery(row) ? 'unassessed' : 'uncertified';
    case 'expired':
      return 'expired';
    case 'review_overdue':
      return 'review_overdue';
    case 'review_due':
    case 'expiring':
      return 'renewal';
    case 'name_mismatch':
    case 'item_mismatch':
      return 'mismatch';
    case 'valid':
      return 'concern';
    case 'invalid_id':
    case 'unverifiable':
    case 'other_authority':
      return 'unchecked';
    default:
      return assertNever(row.status);
  }
}
