/**
 * What a certificate's review or expiry asks of the enterprise, by the holder's post: one sentence per situation,
 * which the verdict's reason, the chat's next step, the roster and problem list and the ledger's reminders all
 * take from here, so none of them gives a different instruction for the same thing (DESIGN.md habit 14).
 */
import type { CertKind } from './certificate.js';
import type { ReviewMode } from './rules.js';

/**
 * What an expiry calls for: `renewal` (换领新证, the rule in force since 2026-06-01), `review` (延期复审换证, the rule
 * before it) for a special-operations certificate; `assessment` (再次考核) for the assessment certificate.
 */
export type ExpiryDuty = ReviewMode | 'assessment';

/**
 * The duty of a certificate of `kind` whose expiry falls under `mode`; a special-operations certificate judged
 * without its mode (a finding logged before the mode was kept) falls under the rule in force.
 */
export function expiryDutyOf(kind: CertKind, mode: ReviewMode | undefined): ExpiryDuty {
  return kind === 'safety' ? 'assessment' : (mode ?? 'renewal');
}

const EXPIRY_ACT: Readonly<Record<ExpiryDuty, string>> = {
  renewal: '在有效期届满前换领新证',
  review: '在有效期届满前办理延期复审换证',
  assessment: '在到期前 30 日申请再次考核',
};

/** The act alone ("在有效期届满前换领新证"), after a 请 or a date. */
export function expiryAct(duty: ExpiryDuty): string {
  return EXPIRY_ACT[duty];
}

/** The act and what follows a missed one: "在有效期届满前换领新证，到期后不得继续从事该作业". */
export function expiryAdvice(duty: ExpiryDuty): string {
  const after = duty === 'assessment' ? '到期后不得继续任职' : '到期后不得继续从事该作业';
  return `${EXPIRY_ACT[duty]}，${after}`;
}

/** A review coming due (the old rule: reviews due before 2026-06-01). */
export const REVIEW_DUE_ADVICE = '在应复审日期前 60 日内申请复审，逾期未复审的证件失效';

/**
 * A certificate expired, or void for a review missed: a worker stops the work until certified again; a principal or
 * safety manager is assessed again (his post is no special operation to stop).
 */
export function lapsedAdvice(manager: boolean): string {
  return manager
    ? '组织其重新参加安全生产知识和管理能力考核，合格后方可继续任职'
    : '立即停止其从事相应作业，组织重新培训考核取证后方可上岗';
}
