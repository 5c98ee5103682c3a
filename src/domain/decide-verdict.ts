/**
 * The verdict of one query: a pure function of the query, what the lookup brought back (or how it failed),
 * the date and the rules. A lookup failure of any kind is `unverifiable`, never `not_found`.
 */

import { absenceOf } from './absence.js';
import { absenceReason, numberMismatchText, reviewProcessingNote } from './absence-words.js';
import { matchTerm, resolveItemWord, unplacedItemWarning } from './catalogue.js';
import { comparableCertNumber } from './cert-number.js';
import {
  type CertificateRecord,
  type LookupAnswer,
  type PersonType,
  personTypeLabel,
} from './certificate.js';
import { classifyCertificate } from './classify.js';
import { expiryAct, expiryDutyOf } from './duty-words.js';
import type { LookupError } from './errors.js';
import { otherAuthorityReason, otherCertificateOf, otherCertificateReason } from './other-certificates.js';
import type { ParsedQuery } from './query.js';
import type { Rules } from './rules.js';
import { assertNever, CERT_STATUS_RANK, statusLabel } from './status.js';
import type { AssessedCertificate, Verdict, VerdictSource } from './verdict.js';
import { ageWarnings, reviewTimingWarning } from './verdict-warnings.js';

/** Where the evidence came from and when; copied onto the verdict. */
interface EvidenceOrigin {
  source?: VerdictSource;
  personType?: PersonType;
  /** ISO instant the answer was obtained. */
  evidenceAt?: string;
}

/** What is known about a query: the lookup's answer, or why the lookup failed. */
export type VerdictEvidence =
  | (EvidenceOrigin & {
      kind: 'answer';
      /** Records found for the queried ID and name. */
      answer: LookupAnswer;
      /** Records known for the same ID from the registry or cache, whatever their name. */
      sameId?: readonly CertificateRecord[];
    })
  | (EvidenceOrigin & { kind: 'failure'; error: LookupError });

/**
 * Decide the verdict of `query` on `today`. An invalid query is `invalid_id` whatever the evidence (pass
 * `undefined`: it is never looked up); a valid one needs evidence.
 */
export function decideVerdict(
  query: ParsedQuery,
  evidence: VerdictEvidence | undefined,
  today: string,
  rules: Rules,
): Verdict {
  const verdict: Verdict = {
    status: 'invalid_id',
    query,
    certificates: [],
    history: [],
    reasons: [],
    warnings: [],
    today,
  };
  if (!query.valid) {
    verdict.reasons = query.reasons.length > 0 ? [...query.reasons] : ['证件号无效'];
    return verdict;
  }
  if (evidence === undefined) throw new Error('decideVerdict: 有效的查询必须给出查询结果或失败原因');
  if (evidence.source !== undefined) verdict.source = evidence.source;
  if (evidence.personType !== undefined) verdict.personType = evidence.personType;
  if (evidence.evidenceAt !== undefined) verdict.evidenceAt = evidence.evidenceAt;
  switch (evidence.kind) {
    case 'failure':
      verdict.status = 'unverifiable';
      verdict.reasons = [`暂时无法核验：${evidence.error.message}。这不表示证书有问题，请稍后再查`];
      return verdict;
    case 'answer':
      return fromAnswer(verdict, evidence.answer, evidence.sameId ?? [], rules);
    default:
      return assertNever(evidence);
  }
}

function fromAnswer(
  verdict: Verdict,
  answer: LookupAnswer,
  sameId: readonly CertificateRecord[],
  rules: Rules,
): Verdict {
  const { query, today } = verdict;
  const wanted = query.name === undefined ? undefined : comparableName(query.name);
  const ours = (r: CertificateRecord) => wanted === undefined || comparableName(r.name) === wanted;
  const current = answer.current.filter(ours);
  verdict.history = answer.history.filter(ours);
  // An item of another ministry's certificate (叉车) is not on this platform: say where to check it, never
  // compare it with the certificates found here.
  const other = query.item === undefined ? undefined : otherCertificateOf(query.item);
  const elsewhere = other === undefined ? undefined : otherCertificateReason(query.item ?? '', other);

  if (current.length === 0) {
    const others = otherNames([...answer.current, ...answer.history, ...sameId], query.idNumber, wanted);
    if (other !== undefined) {
      verdict.status = 'other_authority';
      verdict.reasons = [otherAuthorityReason(query.item ?? '', other)];
    } else if (others.length > 0) {
      verdict.status = 'name_mismatch';
      verdict.registeredNames = others;
      verdict.reasons = [
        `姓名与登记信息不一致：该身份证号的证书不在所填姓名「${query.name ?? ''}」名下；请核对姓名是否写错，或证书是否被他人冒用`,
      ];
    } else if (verdict.history.length > 0) {
      verdict.status = 'expired';
      verdict.reasons = [
        `平台上只有该人的历史证书（最近一张有效期至 ${latestValidUntil(verdict.history)}），没有当前有效的证书，不能上岗作业`,
      ];
    } else {
      verdict.status = 'not_found';
      verdict.absence = absenceOf(query, today, rules.newCertificateDays);
      verdict.reasons = [absenceReason(verdict.absence)];
    }
    if (verdict.status === 'expired') {
      compareNumber(verdict, verdict.history);
      verdict.warnings = (verdict.concerns ?? []).map((c) => c.text);
    }
    return verdict;
  }

  verdict.certificates = current.map((r) => classifyCertificate(r, today, rules)).sort(bestFirst);
  verdict.concerns = ageWarnings(query.idNumber, current, today, rules);
  compareNumber(verdict, [...current, ...verdict.history]);
  verdict.warnings = verdict.concerns.map((c) => c.text);
  const asked = query.personType;
  const found = verdict.personType;
  if (asked !== undefined && found !== undefined && found !== asked) {
    verdict.status = 'item_mismatch';
    verdict.reasons = [
      `没有${personTypeLabel(asked)}的证书，不符合所填人员类型；该人持有的是${personTypeLabel(found)}的证书：${verdict.certificates.map(describeHolding).join('；')}`,
    ];
    return verdict;
  }
  let chosen = verdict.certificates[0] as AssessedCertificate;
  if (query.item !== undefined && elsewhere === undefined) {
    // The word is placed once; a word the catalogue cannot place, or certificates that do not say enough to
    // compare, leave the verdict as if no item were named (with a warning). Only a certain mismatch is one.
    const item = query.item;
    const term = resolveItemWord(item);
    const matched = verdict.certificates.map((c) => ({ c, m: term && matchTerm(term, c.record) }));
    const hit =
      matched.find(({ m }) => m?.outcome === 'match') ?? matched.find(({ m }) => m?.outcome !== 'mismatch');
    if (hit === undefined) {
      verdict.status = 'item_mismatch';
      verdict.reasons = [
        `没有「${item}」的证书，不能从事该项作业；该人持有：${verdict.certificates.map(describeHolding).join('；')}`,
      ];
      return verdict;
    }
    chosen = hit.c;
    if (hit.m === undefined) verdict.warnings.push(unplacedItemWarning(item));
    else if (hit.m.outcome === 'unknown') verdict.warnings.push(hit.m.note);
    else if (hit.m.outcome === 'match' && hit.m.note !== undefined) verdict.reasons.push(hit.m.note);
  }
  verdict.best = chosen;
  // The deciding certificate leads the list: a finding, a report row and the platform's answer in words take
  // the first certificate as the one the verdict is about.
  verdict.certificates = [chosen, ...verdict.certificates.filter((c) => c !== chosen)];
  verdict.status = chosen.status;
  verdict.reasons.unshift(statusReason(chosen, rules));
  if (elsewhere !== undefined) verdict.warnings.unshift(`${elsewhere}；以上是该人在本平台的证书`);
  const timing = reviewTimingWarning(chosen, rules);
  if (timing !== undefined) verdict.warnings.push(timing);
  return verdict;
}

/**
 * The certificate number the asker presented against the platform's numbers for the person: one that is none of
 * them is a sign of a forged or altered card (a concern, and a lead). Nothing is said when the platform shows no
 * number.
 */
function compareNumber(verdict: Verdict, records: readonly CertificateRecord[]): void {
  const presented = verdict.query.certNumber;
  if (presented === undefined) return;
  const platform = [
    ...new Set(records.flatMap((r) => (r.certNumber ? [comparableCertNumber(r.certNumber)] : []))),
  ];
  if (platform.length === 0 || platform.includes(comparableCertNumber(presented))) return;
  verdict.numberMismatch = { presented, platform };
  const concern = { concern: 'number_mismatch' as const, text: numberMismatchText(presented, platform) };
  verdict.concerns = [...(verdict.concerns ?? []), concern];
}

/** Best status first (CERT_STATUS_RANK), then the one valid longest. */
function bestFirst(a: AssessedCertificate, b: AssessedCertificate): number {
  const rank = CERT_STATUS_RANK.indexOf(a.status) - CERT_STATUS_RANK.indexOf(b.status);
  return rank !== 0 ? rank : b.daysToExpiry - a.daysToExpiry;
}

/** A name as compared: no spaces, one kind of middle dot. */
function comparableName(name: string): string {
  return name.replace(/\s+/g, '').replace(/[•・‧．.⋅]/g, '·');
}

/** Distinct names, other than the queried one, on records of the same ID. */
function otherNames(
  records: readonly CertificateRecord[],
  idNumber: string,
  wanted: string | undefined,
): string[] {
  const names = new Set<string>();
  for (const r of records) {
    if (r.idNumber === idNumber && comparableName(r.name) !== wanted) names.add(r.name);
  }
  return [...names];
}

function latestValidUntil(records: readonly CertificateRecord[]): string {
  let latest = '';
  for (const r of records) if (r.validUntil > latest) latest = r.validUntil;
  return latest;
}

/** What a certificate is for, in words. */
function certName(record: CertificateRecord): string {
  return (
    record.item ??
    record.role ??
    record.category ??
    (record.kind === 'special' ? '特种作业操作证' : '安全生产知识和管理能力考核合格证')
  );
}

function describeHolding(c: AssessedCertificate): string {
  return `${certName(c.record)}（${statusLabel(c.status)}，有效期至 ${c.record.validUntil}）`;
}

/** What the status of the deciding certificate means and what to do. */
function statusReason(c: AssessedCertificate, rules: Rules): string {
  const name = certName(c.record);
  const { validUntil, reviewDue } = c.record;
  const review = c.daysToReview ?? 0;
  switch (c.status) {
    case 'valid':
      return c.reviewMode === 'renewal' && c.record.reviewedOn === undefined
        ? `${name}有效，有效期至 ${validUntil}；应复审日期 ${reviewDue} 按现行规定不再复审，有效期届满前换领新证即可`
        : `${name}有效，有效期至 ${validUntil}`;
    case 'review_due':
      return `${name}有效，但应于 ${reviewDue} 前复审（还有 ${review} 天）；请在应复审日期前 ${rules.warnDays} 天内申请复审`;
    case 'expiring':
      return `${name}将于 ${validUntil} 到期（还有 ${c.daysToExpiry} 天），请${expiryAct(expiryDutyOf(c.record.kind, c.expiryMode))}`;
    case 'review_overdue':
      return `${name}应于 ${reviewDue} 复审，已过 ${-review} 天平台仍无复审记录，逾期未复审的证书失效，不能上岗作业${reviewProcessingNote(c)}`;
    case 'expired':
      // A principal or safety manager holds a post, not a special operation: he is assessed again.
      return c.record.kind === 'safety'
        ? `${name}已于 ${validUntil} 过期（${-c.daysToExpiry} 天前），须重新参加考核，合格后方可继续任职`
        : `${name}已于 ${validUntil} 过期（${-c.daysToExpiry} 天前），不能上岗作业，须重新参加考核取证`;
    default:
      return assertNever(c.status);
  }
}
