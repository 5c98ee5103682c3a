/**
 * The words of the problem list: what is wrong with one person's certificate, what to do about it and by when.
 * Suggested measures follow the seed documents (stop the work, retrain, apply for review, report fakes).
 */
import { addDays } from '../../domain/dates.js';
import type { ReviewMode } from '../../domain/rules.js';
import { assertNever, type VerdictStatus } from '../../domain/status.js';
import { certificateName, displayId, displayText, type ReportRow } from './report-rows.js';

/** Days given to correct a wrong ID number or to check again when the platform could not answer. */
const RECHECK_DAYS = 7;

/** "张三（身份证 110105********002X）" — who a row is about. */
function personText(row: ReportRow, fullIds: boolean): string {
  return `${row.name ?? '（未填姓名）'}（身份证 ${displayId(row.idNumber, fullIds)}）`;
}

/** 存在问题: one sentence saying who, which certificate and what is wrong. */
export function problemText(row: ReportRow, fullIds: boolean): string {
  const who = personText(row, fullIds);
  const cert = row.certificates[0];
  const certText = cert ? certificateName(cert) : `${row.item ?? ''}证书`;
  const why = row.reasons.length > 0 ? `（${displayText(row.reasons.join('；'), fullIds)}）` : '';
  switch (row.status) {
    case 'valid':
      return `${who}${certText}有效`;
    case 'review_due':
      return `${who}${certText}应于 ${cert?.reviewDue ?? '近期'} 前复审`;
    case 'expiring':
      return `${who}${certText}将于 ${cert?.validUntil ?? '近期'} 到期`;
    case 'review_overdue':
      return `${who}${certText}应于 ${cert?.reviewDue ?? '（日期不详）'} 复审，逾期未复审，证件失效`;
    case 'expired':
      return `${who}${certText}已于 ${cert?.validUntil ?? '（日期不详）'} 过期`;
    case 'not_found':
      return `${who}在全国统一平台查询不到${row.item ? `「${row.item}」` : ''}证书信息，疑似无证上岗或持假证`;
    case 'name_mismatch':
      return `${who}的证件在全国统一平台登记的姓名与名单不符，疑似冒用或假证`;
    case 'item_mismatch': {
      const held = row.certificates.map(certificateName).join('、') || '其他证件';
      return `${who}所从事的「${row.item ?? '作业'}」与持有的${held}不符，证件类型不匹配`;
    }
    case 'invalid_id':
      return `${who}的身份证号有误${why}，无法核验`;
    case 'unverifiable':
      return `${who}暂时无法在全国统一平台核验${why}`;
    default:
      return assertNever(row.status);
  }
}

/**
 * 整改措施 suggested for a status; `expiryMode` (the deciding certificate's) picks the words for an expiring
 * special-operations certificate: 换领新证 under the rule in force since 2026-06-01, 延期复审换证 before it.
 */
export function measureText(status: VerdictStatus, expiryMode?: ReviewMode): string {
  switch (status) {
    case 'valid':
      return '无需整改';
    case 'review_due':
      return '应复审日期前 60 日内申请复审，逾期未复审的证件失效';
    case 'expiring':
      return expiryMode === 'renewal'
        ? '有效期届满前换领新证，到期未换证的不得继续从事该作业'
        : '到期前申请复审或换证，到期未办理的不得继续从事该作业';
    case 'review_overdue':
    case 'expired':
      return '立即停止其特种作业（岗位工作），组织重新培训考核取证后方可上岗';
    case 'not_found':
      return '立即停止其特种作业，核查证件原件来源；确认系假证的，向属地应急管理部门和 12350 举报疑似假证（新发证书可能 3 日内尚未上网，可持原件核实后重新核验）';
    case 'name_mismatch':
      return '立即停止其特种作业，核实本人身份与证件；疑似冒用或假证的，向属地应急管理部门和 12350 举报';
    case 'item_mismatch':
      return '立即停止其从事与证件不符的作业，按实际作业项目组织培训考核取证';
    case 'invalid_id':
      return '核对本人身份证件，更正台账中的身份证号后重新核验';
    case 'unverifiable':
      return '待全国统一平台恢复后重新核验';
    default:
      return assertNever(status);
  }
}

/** 整改时限 (YYYY-MM-DD): at once for what forbids the work, the due date for what is due soon. */
export function deadlineOf(row: ReportRow, today: string): string {
  const cert = row.certificates[0];
  switch (row.status) {
    case 'valid':
      return '';
    case 'review_due':
      return cert?.reviewDue ?? today;
    case 'expiring':
      return cert?.validUntil ?? today;
    case 'review_overdue':
    case 'expired':
    case 'not_found':
    case 'name_mismatch':
    case 'item_mismatch':
      return today;
    case 'invalid_id':
    case 'unverifiable':
      return addDays(today, RECHECK_DAYS);
    default:
      return assertNever(row.status);
  }
}

/** The order problems are dealt with: suspected fakes first, then lapsed, then due soon, then unchecked. */
export const PRIORITY_GROUPS: ReadonlyArray<{ title: string; statuses: readonly VerdictStatus[] }> = [
  {
    title: '无证、疑似假证或证件不符：立即停止其作业并核实，疑似假证向属地应急管理部门和 12350 举报',
    statuses: ['not_found', 'name_mismatch', 'item_mismatch'],
  },
  {
    title: '证件已过期或逾期未复审：立即停止作业，重新培训考核取证',
    statuses: ['review_overdue', 'expired'],
  },
  { title: '即将到期或应复审：按期申请复审或换证', statuses: ['review_due', 'expiring'] },
  { title: '未能核验：更正身份证号或稍后重新核验', statuses: ['invalid_id', 'unverifiable'] },
];
