/**
 * What the platform answered, in words: its own message when it found nothing, and each certificate it found with
 * its item, dates, issuer and the platform's own status — the evidence a finding keeps and the findings export shows
 * as 平台答复, never the bot's own conclusion.
 */
import type { CertificateRecord } from './certificate.js';
import type { Verdict } from './verdict.js';

/** The platform's message for a well-formed "nothing found" (domain.md §4). */
export const PLATFORM_NOT_FOUND = '没有查询到相关证件信息！';

/** The answer behind `verdict` in words. */
export function platformAnswerText(verdict: Verdict): string {
  const records = [...verdict.certificates.map((c) => c.record), ...verdict.history];
  const where = verdict.source === 'registry' ? '官方导出数据' : '全国平台';
  if (verdict.status === 'invalid_id') return '未查询：证件号无效';
  if (verdict.status === 'unverifiable')
    return `未能查询：${verdict.reasons.join('；') || '查询平台暂时无法访问'}`;
  // Whatever the verdict made of it (not found, another name, another authority), what the platform said.
  if (records.length === 0) return `${where}答复：${PLATFORM_NOT_FOUND}`;
  return foundText(where, records);
}

function foundText(where: string, records: readonly CertificateRecord[]): string {
  return `${where}查到 ${records.length} 本证件：${records.map(recordText).join('；')}`;
}

/** One record as the platform shows it: 低压电工作业，初领 …，有效期 … 至 …，应复审 …，签发机关 …，平台状态 …. */
export function recordText(r: CertificateRecord): string {
  const what =
    r.kind === 'special'
      ? [r.category, r.item].filter(Boolean).join('·') || '特种作业操作证'
      : `安全生产知识和管理能力考核合格证${r.role ? `（${r.role}）` : ''}`;
  const parts = [what];
  if (r.certNumber) parts.push(`证号 ${r.certNumber}`);
  if (r.firstIssued) parts.push(`初领 ${r.firstIssued}`);
  parts.push(r.validFrom ? `有效期 ${r.validFrom} 至 ${r.validUntil}` : `有效期至 ${r.validUntil}`);
  if (r.reviewDue) parts.push(`应复审 ${r.reviewDue}`);
  if (r.reviewedOn) parts.push(`实际复审 ${r.reviewedOn}`);
  if (r.issuer) parts.push(`签发机关 ${r.issuer}`);
  if (r.platformStatus) parts.push(`平台状态：${r.platformStatus}`);
  return parts.join('，');
}
