/**
 * The words of the problem list: what is wrong with one person's certificate, what to do about it and by when.
 * Suggested measures follow the seed documents (stop the work, retrain, apply for review, report fakes).
 */

import { isManagerQuery } from '../../domain/absence.js';
import { absenceAdvice, CONCERN_ADVICE, CONCERN_FACTS, worstConcern } from '../../domain/absence-words.js';
import { addDays } from '../../domain/dates.js';
import { expiryAdvice, expiryDutyOf, lapsedAdvice, REVIEW_DUE_ADVICE } from '../../domain/duty-words.js';
import { type ProblemKind, RECTIFICATION_BASIS } from '../../domain/rectification-basis.js';
import { assertNever, isAcceptable, type VerdictStatus } from '../../domain/status.js';
import type { Concern } from '../../domain/verdict.js';
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
      return `${who}${certText}有效${concernText(row)}`;
    case 'review_due':
      return `${who}${certText}应于 ${cert?.reviewDue ?? '近期'} 前复审${concernText(row)}`;
    case 'expiring':
      return `${who}${certText}将于 ${cert?.validUntil ?? '近期'} 到期${concernText(row)}`;
    case 'review_overdue':
      return `${who}${certText}应于 ${cert?.reviewDue ?? '（日期不详）'} 复审，逾期未复审，证件失效`;
    case 'expired':
      return `${who}${certText}已于 ${cert?.validUntil ?? '（日期不详）'} 过期`;
    case 'not_found':
      return notFoundProblem(row, who);
    case 'name_mismatch':
      return row.presented
        ? `${who}的证件在全国统一平台登记的姓名与所报不符，疑似冒用或假证`
        : `${who}的身份证号在全国统一平台登记的姓名与名单不符，需核对名单`;
    case 'item_mismatch': {
      const held = row.certificates.map(certificateName).join('、') || '其他证件';
      return `${who}所从事的「${row.item ?? '作业'}」与持有的${held}不符，证件类型不匹配`;
    }
    case 'invalid_id':
      return `${who}的身份证号有误${why}，无法核验`;
    case 'unverifiable':
      return `${who}暂时无法在全国统一平台核验${why}`;
    case 'other_authority':
      return `${who}的「${row.item ?? '证书'}」不由应急管理部门发证，须到其发证部门的平台核验${why}`;
    default:
      return assertNever(row.status);
  }
}

/** Not found, by what it means for what was asked (absence.ts); findings before that distinction as before. */
function notFoundProblem(row: ReportRow, who: string): string {
  const item = row.item ? `「${row.item}」` : '';
  switch (row.absence?.kind) {
    case undefined:
      return `${who}在全国统一平台查询不到${item}证书信息，疑似无证上岗或持假证`;
    case 'presented':
      return `${who}所持${item}证件在全国统一平台查询不到，${row.absence.recheckOn} 复查后仍查不到的作为疑似假证线索`;
    case 'uncertified':
      return `${who}在全国统一平台未查到${item}证书，存在无证上岗风险`;
    case 'unassessed':
      return `${who}未查到安全生产知识和管理能力考核合格证${row.absence.deadline ? `（应于 ${row.absence.deadline} 前考核合格${row.absence.withinDeadline ? '，尚在期限内' : '，已超期'}）` : ''}`;
    default:
      return assertNever(row.absence);
  }
}

/** The concerns beside an acceptable status, as a clause: "，但持证人已到法定退休年龄". */
function concernText(row: ReportRow): string {
  const said = (row.concerns ?? []).map((c) => CONCERN_FACTS[c]);
  return said.length === 0 ? '' : `，但${said.join('；')}`;
}

/** Whether a row is about a principal or a safety manager: by the post named, else by the certificate held. */
function isManagerRow(row: Pick<ReportRow, 'personType' | 'certificates'>): boolean {
  return row.personType === undefined
    ? row.certificates[0]?.kind === 'safety'
    : isManagerQuery({ personType: row.personType });
}

/**
 * 整改措施 suggested for a row: by its status and the holder's post (a principal or safety manager is assessed, never
 * told to stop a special operation), what a not-found means for what was asked, and a concern beside an acceptable
 * status. Reviews and expiries take their words from duty-words.ts, as the chat's next step and the reminders do.
 */
export function measureText(
  row: Pick<
    ReportRow,
    'status' | 'expiryMode' | 'absence' | 'concerns' | 'presented' | 'personType' | 'certificates'
  >,
): string {
  const concern = concernMeasure(row.concerns);
  const manager = isManagerRow(row);
  switch (row.status) {
    case 'valid':
      return concern ?? '无需整改';
    case 'review_due':
      return concern ?? REVIEW_DUE_ADVICE;
    case 'expiring': {
      const kind = row.certificates[0]?.kind ?? (manager ? 'safety' : 'special');
      return concern ?? expiryAdvice(expiryDutyOf(kind, row.expiryMode));
    }
    case 'review_overdue':
    case 'expired':
      return lapsedAdvice(manager);
    case 'not_found':
      return absenceAdvice(row.absence);
    case 'name_mismatch':
      if (!row.presented) return '核对名单上的姓名和身份证号，更正后重新核验';
      return manager
        ? '核实本人身份与证件，核实前不以此证作为考核合格的依据；疑似冒用或假证的，向属地应急管理部门和 12350 举报'
        : '立即停止其特种作业，核实本人身份与证件；疑似冒用或假证的，向属地应急管理部门和 12350 举报';
    case 'item_mismatch':
      return manager
        ? '核实其岗位：担任主要负责人或安全生产管理人员的，组织其参加安全生产知识和管理能力考核并取得合格证'
        : '立即停止其从事与证件不符的作业，按实际作业项目组织培训考核取证';
    case 'invalid_id':
      return '核对本人身份证件，更正台账中的身份证号后重新核验';
    case 'unverifiable':
      return '待全国统一平台恢复后重新核验';
    case 'other_authority':
      return '到该证书的发证部门平台（如特种设备作业人员证：cnse.samr.gov.cn）核验';
    default:
      return assertNever(row.status);
  }
}

/**
 * The kind of problem a row is (rectification-basis.ts): by its status and the holder's post; a concern beside an
 * acceptable status is the problem on its own.
 */
export function problemKindOf(
  row: Pick<ReportRow, 'status' | 'absence' | 'concerns' | 'presented' | 'personType' | 'certificates'>,
): ProblemKind {
  const manager = isManagerRow(row);
  const concern = isAcceptable(row.status) ? worstConcern(row.concerns) : undefined;
  if (concern !== undefined) return concern === 'number_mismatch' ? 'suspected_fake' : 'age';
  switch (row.status) {
    case 'valid':
    case 'invalid_id':
    case 'unverifiable':
    case 'other_authority':
      return 'unchecked';
    case 'review_due':
      return 'review_due';
    case 'expiring':
      return manager ? 'assessment_expiring' : 'expiring';
    case 'review_overdue':
    case 'expired':
      return manager ? 'unassessed' : 'lapsed';
    case 'not_found':
      if (row.absence?.kind === 'presented') return 'suspected_fake';
      return row.absence?.kind === 'unassessed' ? 'unassessed' : 'uncertified';
    case 'name_mismatch':
      return row.presented ? 'suspected_fake' : 'unchecked';
    case 'item_mismatch':
      return manager ? 'unassessed' : 'item_mismatch';
    default:
      return assertNever(row.status);
  }
}

/** 整改依据 of a row: the rule its kind of problem breaks. */
export function basisText(row: Parameters<typeof problemKindOf>[0]): string {
  return RECTIFICATION_BASIS[problemKindOf(row)];
}

/** The statuses a row is about its certificate in: the same certificate is one problem whatever was typed. */
const ABOUT_CERTIFICATE: readonly VerdictStatus[] = [
  'valid',
  'review_due',
  'expiring',
  'review_overdue',
  'expired',
];

/**
 * What makes two rows the same problem: the person and the certificate the verdict is about (a chat query naming
 * no item and a roster row with 登高 are both about 刘洋's 登高架设作业 card), else the person and the kind of
 * problem (未查到证书 whatever item was typed).
 */
export function problemKey(row: ReportRow): string {
  const cert = row.certificates[0];
  if (cert !== undefined && ABOUT_CERTIFICATE.includes(row.status)) {
    return `${row.idNumber}|${cert.kind}|${cert.item ?? cert.role ?? cert.category ?? ''}`;
  }
  return `${row.idNumber}|${problemKindOf(row)}`;
}

/** The measure a concern calls for on an acceptable status. */
function concernMeasure(concerns: readonly Concern[] | undefined): string | undefined {
  const worst = worstConcern(concerns);
  return worst === undefined ? undefined : CONCERN_ADVICE[worst];
}

/** 整改时限 (YYYY-MM-DD): at once for what forbids the work, the due date for what is due soon. */
export function deadlineOf(row: ReportRow, today: string): string {
  const cert = row.certificates[0];
  switch (row.status) {
    case 'valid':
      return row.concerns?.length ? today : '';
    case 'review_due':
      return row.concerns?.length ? today : (cert?.reviewDue ?? today);
    case 'expiring':
      return row.concerns?.length ? today : (cert?.validUntil ?? today);
    case 'not_found':
      if (row.absence?.kind === 'presented') return row.absence.recheckOn;
      if (row.absence?.kind === 'unassessed' && row.absence.withinDeadline && row.absence.deadline)
        return row.absence.deadline;
      return today;
    case 'review_overdue':
    case 'expired':
    case 'name_mismatch':
    case 'item_mismatch':
      return today;
    case 'invalid_id':
    case 'unverifiable':
    case 'other_authority':
      return addDays(today, RECHECK_DAYS);
    default:
      return assertNever(row.status);
  }
}

/** The order problems are dealt with: suspected fakes first, then lapsed, then due soon, then unchecked. */
export const PRIORITY_GROUPS: ReadonlyArray<{ title: string; statuses: readonly VerdictStatus[] }> = [
  {
    title:
      '未查到证书、疑似假证或证件不符：核实前不安排其作业，未持证的立即停止作业，确认系假证的向属地应急管理部门和 12350 举报',
    statuses: ['not_found', 'name_mismatch', 'item_mismatch'],
  },
  {
    title:
      '证件已过期或逾期未复审：特种作业人员立即停止作业、重新培训考核取证，主要负责人和安全生产管理人员重新参加考核',
    statuses: ['review_overdue', 'expired'],
  },
  {
    title: '即将到期或应复审：按各行的整改措施在到期或应复审日期前办理（复审、换领新证或再次考核）',
    statuses: ['review_due', 'expiring'],
  },
  { title: '未能核验：更正身份证号或稍后重新核验', statuses: ['invalid_id', 'unverifiable'] },
  { title: '非应急管理部门发证：到其发证部门的平台核验', statuses: ['other_authority'] },
];
