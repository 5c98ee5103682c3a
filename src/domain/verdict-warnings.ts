/**
 * Warnings beside a verdict's status: the holder's age (under the minimum at first issue, past the statutory
 * retirement age today) and a review recorded outside its usual time. They inform; they never change the status.
 */
import type { CertificateRecord } from './certificate.js';
import { ageOn, daysBetween } from './dates.js';
import { birthDateOfId, sexOfId } from './id-number.js';
import { retirementAgeText, retirementOf } from './retirement.js';
import type { Rules } from './rules.js';
import type { AssessedCertificate, VerdictConcern } from './verdict.js';

/** Days the issuer has to process a review (特种作业人员安全技术培训考核管理规定, domain.md §1). */
const REVIEW_PROCESSING = '20 个工作日';

/** Under the minimum age at first issue; past retirement age today (special-operations certificates only). */
export function ageWarnings(
  idNumber: string,
  records: readonly CertificateRecord[],
  today: string,
  rules: Rules,
): VerdictConcern[] {
  const special = records.filter((r) => r.kind === 'special');
  if (special.length === 0) return [];
  const warnings: VerdictConcern[] = [];
  const birth = birthDateOfId(idNumber);
  const firstIssues = new Set(special.flatMap((r) => (r.firstIssued === undefined ? [] : [r.firstIssued])));
  for (const issued of [...firstIssues].sort()) {
    const age = ageOn(birth, issued);
    if (age < rules.minAge) {
      warnings.push({
        concern: 'under_age_at_issue',
        text: `初次领证日期 ${issued} 时持证人只有 ${age} 岁，未满 ${rules.minAge} 周岁，证书可疑，请核实`,
      });
    }
  }
  const retirement = retirementWarning(birth, sexOfId(idNumber), today, rules);
  if (retirement !== undefined) warnings.push({ concern: 'past_retirement', text: retirement });
  return warnings;
}

/**
 * Past the statutory retirement age on `today` (the day the age is reached included). The date itself is not
 * shown: with the age it would give away the birth date that a masked ID number hides.
 */
function retirementWarning(birth: string, sex: '男' | '女', today: string, rules: Rules): string | undefined {
  const { retirement } = rules;
  const track = sex === '男' ? retirement.male : retirement[retirement.femaleTrack];
  const due = retirementOf(birth, track);
  if (today < due.date) return undefined;
  const age = retirementAgeText(due);
  const tail = '，按规定不宜再从事特种作业';
  if (sex === '男') {
    return `持证人已到法定退休年龄（男性 ${age}，按 2025 年起施行的渐进式延迟法定退休年龄办法计算）${tail}`;
  }
  const other = retirement[retirement.femaleTrack === 'female50' ? 'female55' : 'female50'];
  const otherAge = retirementAgeText(retirementOf(birth, other));
  return (
    `持证人已到法定退休年龄（女性 ${age}，按女职工${track.baseAge}周岁起步的延迟退休办法计算；` +
    `身份证号无法区分原法定退休年龄为 ${track.baseAge} 周岁和 ${other.baseAge} 周岁的女性，` +
    `若持证人原为 ${other.baseAge} 周岁退休，则法定退休年龄为 ${otherAge}，请核实）${tail}`
  );
}

/** A warning when the deciding certificate's review is recorded after its due date or before the review window. */
export function reviewTimingWarning(c: AssessedCertificate, rules: Rules): string | undefined {
  const { reviewDue, reviewedOn } = c.record;
  if (c.reviewTiming === undefined || reviewDue === undefined || reviewedOn === undefined) return undefined;
  const counted = '平台有复审记录，暂按已复审判断';
  if (c.reviewTiming === 'late') {
    return (
      `实际复审日期 ${reviewedOn} 晚于应复审日期 ${reviewDue}（晚 ${daysBetween(reviewDue, reviewedOn)} 天）。` +
      `发证机关受理复审后有 ${REVIEW_PROCESSING}办理，复审记录晚于应复审日期不一定是逾期复审；${counted}，` +
      '请向发证机关核实是否在应复审日期前申请了复审（逾期未申请复审的证书失效）'
    );
  }
  return (
    `实际复审日期 ${reviewedOn} 比应复审日期 ${reviewDue} 早 ${daysBetween(reviewedOn, reviewDue)} 天，` +
    `早于通常的复审办理期（应复审日期前 ${rules.reviewDoneWindowDays} 天内申请，发证机关受理后 ${REVIEW_PROCESSING}内办理）；` +
    `${counted}，请向发证机关核实这次复审是否计入本期复审`
  );
}
