/**
 * What "the platform found nothing" means, by what was asked (domain.md §1): a presented certificate the platform
 * does not know may be a fake one, but only after the days a new certificate needs to appear; a worker on a list
 * without a certificate is the enterprise's own problem (无证上岗), no forgery; a principal or safety manager has 6
 * months from taking the post to pass (《生产经营单位安全培训规定》第二十四条), so before that nothing is wrong yet.
 */
import { addDays, addMonths, toDayNumber } from './dates.js';
import type { Claim, ParsedQuery } from './query.js';

/** Months a principal or safety manager has, from taking the post, to pass the assessment. */
export const ASSESSMENT_MONTHS = 6;

/** The rule that gives them those months, as replies and forms cite it. */
export const ASSESSMENT_RULE =
  '主要负责人和安全生产管理人员应自任职之日起 6 个月内通过安全生产知识和管理能力考核（《生产经营单位安全培训规定》第二十四条；安全生产法第二十七条）';

/** The kinds of "not found". */
export type AbsenceKind = 'presented' | 'uncertified' | 'unassessed';

export type Absence =
  /** A certificate was presented (photo, number, a card asked about) and the platform has none: checked again later. */
  | { kind: 'presented'; claim: Claim; days: number; recheckOn: string }
  /** A worker on a list, nothing presented: 未查到证书, the enterprise's own list to clear. */
  | { kind: 'uncertified' }
  /**
   * A principal or safety manager without an assessment certificate: `deadline` when the 任职日期 is known, and
   * whether today is still within it.
   */
  | { kind: 'unassessed'; appointedOn?: string; deadline?: string; withinDeadline?: boolean };

/** Whether `query` is about a principal or a safety manager (who hold the assessment certificate). */
export function isManagerQuery(query: Pick<ParsedQuery, 'personType'>): boolean {
  return query.personType === 'manager' || query.personType === 'principal';
}

/**
 * Whether the query presents a certificate that could be fake: a photo or a number always; a card asked about
 * only for a special-operations worker (asking about a manager asks whether he has passed).
 */
export function presentsCertificate(query: Pick<ParsedQuery, 'claim' | 'personType'>): boolean {
  if (query.claim === 'photo' || query.claim === 'number') return true;
  return query.claim === 'asked' && !isManagerQuery(query);
}

/**
 * The queries with what each presents: a certificate number given presents that number; otherwise, when the
 * asker holds a card (`asked`: one person asked about in chat, or `check`), the card. A list presents nothing.
 */
export function withClaims(queries: readonly ParsedQuery[], asked: boolean): ParsedQuery[] {
  return queries.map((q) => {
    if (q.claim !== undefined) return q;
    if (q.certNumber !== undefined) return { ...q, claim: 'number' };
    return asked ? { ...q, claim: 'asked' } : q;
  });
}

/** What nothing found means for `query` on `today`; `newCertificateDays`: the days a new certificate may take. */
export function absenceOf(query: ParsedQuery, today: string, newCertificateDays: number): Absence {
  if (presentsCertificate(query) && query.claim !== undefined) {
    const recheckOn = addDays(today, newCertificateDays);
    return { kind: 'presented', claim: query.claim, days: newCertificateDays, recheckOn };
  }
  if (!isManagerQuery(query)) return { kind: 'uncertified' };
  if (query.appointedOn === undefined) return { kind: 'unassessed' };
  const deadline = addMonths(query.appointedOn, ASSESSMENT_MONTHS);
  return {
    kind: 'unassessed',
    appointedOn: query.appointedOn,
    deadline,
    withinDeadline: toDayNumber(today) <= toDayNumber(deadline),
  };
}
