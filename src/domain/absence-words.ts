/**
 * The words of what nothing found means (absence.ts), of a certificate number that is not the platform's and of a
 * review the issuer may still be processing: one sentence per situation, for the reply, the roster row, the
 * problem list, the ledger and the reminders alike.
 */
import { type Absence, ASSESSMENT_RULE } from './absence.js';
import { assertNever } from './status.js';
import type { AssessedCertificate, Concern } from './verdict.js';

const PLATFORM = '全国安全生产考试平台（cx.mem.gov.cn）';

/** Why: what the platform did not find, and what that means for what was asked. */
export function absenceReason(absence: Absence): string {
  switch (absence.kind) {
    case 'presented':
      return (
        `${PLATFORM}没有查到该身份证号和姓名的证书。新发的证书最多需要 ${absence.days} 天才能查到：${absence.recheckOn} 将自动再查一次，` +
        '仍查不到的，才作为疑似假证线索报送应急管理部门'
      );
    case 'uncertified':
      return `${PLATFORM}没有查到该人的特种作业操作证或安全生产考核合格证：名单上的人员未查到证书，有无证上岗的风险（这不是假证结论）`;
    case 'unassessed':
      return `${PLATFORM}没有查到该人的安全生产知识和管理能力考核合格证。${ASSESSMENT_RULE}${deadlineText(absence)}`;
    default:
      return assertNever(absence);
  }
}

function deadlineText(absence: Extract<Absence, { kind: 'unassessed' }>): string {
  if (absence.deadline === undefined) return '；未提供任职日期，无法判断是否已过期限';
  const state = absence.withinDeadline ? '尚在期限内' : '已超过期限';
  return `；任职日期 ${absence.appointedOn ?? ''}，应于 ${absence.deadline} 前通过考核，${state}`;
}

/** The headline word for a not-found answer (the status word stays `not_found`). */
export function absenceHeadline(absence: Absence | undefined): string {
  switch (absence?.kind) {
    case undefined:
      return '未查到';
    case 'presented':
      return '未查到·待复核';
    case 'uncertified':
      return '未查到证书';
    case 'unassessed':
      return absence.withinDeadline ? '未查到考核合格证·期限内' : '未查到考核合格证';
    default:
      return assertNever(absence);
  }
}

/** What to do: one advice per situation. */
export function absenceAdvice(absence: Absence | undefined): string {
  switch (absence?.kind) {
    case undefined:
    case 'presented':
      return (
        '在全国平台查到证书之前，不能以此证作为持证上岗的依据，请暂不安排其从事证书所列作业；请核对证件原件并向发证机关核实。' +
        '新证要几天后才能查到，机器人会自动复查并告知结果；确认系伪造、变造的，向 12350 举报或报警。'
      );
    case 'uncertified':
      return '核实是否持证：未持证的立即停止作业并安排培训取证；持有证件但平台查不到的，发证件照片核验或举报。';
    case 'unassessed':
      if (absence.withinDeadline) {
        return `请在 ${absence.deadline ?? '任职后 6 个月'} 前组织其参加安全生产知识和管理能力考核并取得合格证。`;
      }
      return absence.deadline === undefined
        ? '请核实其任职日期：任职已满 6 个月仍未考核合格的，应尽快组织考核（安全生产法第九十七条）；持有证书但平台查不到的，发证书照片核验。'
        : '已超过任职后 6 个月的期限仍未考核合格，应尽快组织考核（安全生产法第九十七条）；持有证书但平台查不到的，发证书照片核验。';
    default:
      return assertNever(absence);
  }
}

/** A certificate number presented that is none of the platform's. */
export function numberMismatchText(presented: string, platform: readonly string[]): string {
  return `所报证号 ${presented} 与全国平台记录的证号 ${platform.join('、')} 不符：证号不同是伪造或涂改证件的迹象，请核对证件原件，已记为疑似涂改证件线索`;
}

/** Calendar days after reviewDue within which a review applied for in time may still be in the issuer's hands. */
const PROCESSING_CALENDAR_DAYS = 40;

/** Whether a review overdue may still be in the issuer's hands (applied for in time, not yet recorded). */
export function mayBeInProcessing(c: AssessedCertificate): boolean {
  const late = -(c.daysToReview ?? 0);
  return late > 0 && late <= PROCESSING_CALENDAR_DAYS;
}

/**
 * Under the old rule the issuer has 20 working days to complete a review applied for in time, so a record may be
 * missing for some weeks after the due date: say so, and whom to ask.
 */
export function reviewProcessingNote(c: AssessedCertificate): string {
  if (!mayBeInProcessing(c)) return '；请尽快联系发证机关';
  const issuer = c.record.issuer ? `（${c.record.issuer}）` : '';
  return `。在应复审日期前已申请复审的，发证机关在 20 个工作日内办理，记录可能尚未上网：请向发证机关${issuer}核实是否按时申请`;
}

/** A concern beside an acceptable status, as a fact: "持证人已到法定退休年龄，不宜再从事特种作业". */
export const CONCERN_FACTS: Readonly<Record<Concern, string>> = {
  past_retirement: '持证人已到法定退休年龄，不宜再从事特种作业',
  under_age_at_issue: '初次领证时未满 18 周岁，证书可疑',
  number_mismatch: '所报证号与全国平台记录不符，疑似涂改或伪造证件',
};

/** What a concern calls for: the next step, the problem list's measure and the reminder say the same. */
export const CONCERN_ADVICE: Readonly<Record<Concern, string>> = {
  past_retirement: '核实持证人年龄，已到法定退休年龄的不宜再安排其从事特种作业',
  under_age_at_issue: '向发证机关核实初次领证时的年龄，核实前不安排其从事特种作业',
  number_mismatch: '核实证件原件和来源，核实前不要以此证安排其作业；确认系伪造、变造的，向 12350 举报或报警',
};

/** The worst concern first: a number not the platform's, then under age at issue, then retirement age. */
const CONCERN_ORDER: readonly Concern[] = ['number_mismatch', 'under_age_at_issue', 'past_retirement'];

/** The worst of `concerns`, or undefined for none. */
export function worstConcern(concerns: readonly Concern[] | undefined): Concern | undefined {
  return CONCERN_ORDER.find((c) => concerns?.includes(c));
}
