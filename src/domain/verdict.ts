/**
 * The answer to one query: a status word, the certificates behind it and why.
 */
import type { Absence } from './absence.js';
import type { CertificateRecord, PersonType } from './certificate.js';
import type { ParsedQuery } from './query.js';
import type { ReviewMode } from './rules.js';
import type { CertStatus, VerdictStatus } from './status.js';

/** A certificate with its state on the verdict's date. */
export interface AssessedCertificate {
  record: CertificateRecord;
  status: CertStatus;
  /** Days until validUntil (negative when past). */
  daysToExpiry: number;
  /** Days until reviewDue, when a review is required and none is recorded. */
  daysToReview?: number;
  /** Special operations with a reviewDue: the rule for that date (`renewal`: the review is no longer required). */
  reviewMode?: ReviewMode;
  /**
   * Special operations: the rule for what its expiry calls for, by validUntil: `review` (延期复审换证, old rule)
   * or `renewal` (换领新证 before validUntil).
   */
  expiryMode?: ReviewMode;
  /** A review required and recorded, but after reviewDue or before the review window: counted, with a warning. */
  reviewTiming?: 'late' | 'early';
}

/**
 * A fact beside the status that bears on whether the person may do the work, so the next step, the problem list
 * and the reminders follow it: past the statutory retirement age, under age at first issue, a certificate number
 * that is not the platform's.
 */
export type Concern = 'past_retirement' | 'under_age_at_issue' | 'number_mismatch';

/** A concern with its words. */
export interface VerdictConcern {
  concern: Concern;
  text: string;
}

/** Where the answer came from. `stale-cache` is an old answer used because the platform could not be reached. */
export type VerdictSource = 'registry' | 'cache' | 'national' | 'stale-cache';

export interface Verdict {
  status: VerdictStatus;
  query: ParsedQuery;
  /** The certificate that decides the status (the matching one, or the best when no item was named). */
  best?: AssessedCertificate;
  /** Every current certificate found for the person: the deciding one (`best`) first, then the others best first. */
  certificates: AssessedCertificate[];
  /** Records the platform lists as history. */
  history: CertificateRecord[];
  /** Why, in Chinese (e.g. the ID rejection reasons, which name the records are under). */
  reasons: string[];
  /** Warnings beside the status (under 18 at first issue, past retirement age, stale data). */
  warnings: string[];
  source?: VerdictSource;
  /** Which kind of certificate answered. */
  personType?: PersonType;
  /** ISO instant the evidence was obtained (platform answer time; for stale cache, when it was cached). */
  evidenceAt?: string;
  /** The date the status was judged on. */
  today: string;
  /**
   * `name_mismatch`: the names the evidence has for the ID. Never in `reasons`: the reply shows them only to
   * those allowed to see the holder (see disclosure.ts).
   */
  registeredNames?: string[];
  /** Enterprises whose own ledger or import holds this ID (they and admins may see the holder's name). */
  heldBy?: string[];
  /** `not_found`: what it means for what was asked (see absence.ts). */
  absence?: Absence;
  /** Facts beside the status that the next step must follow; their words are also in `warnings`. */
  concerns?: VerdictConcern[];
  /** The certificate number presented when it is none of the platform's numbers for the person. */
  numberMismatch?: { presented: string; platform: string[] };
}

/**
 * The records a verdict is about, the deciding one first: its current certificates; with none, an `expired` verdict
 * from the history alone is about the latest record there (so the forms can say when it expired).
 */
export function verdictRecords(
  verdict: Pick<Verdict, 'status' | 'certificates' | 'history'>,
): CertificateRecord[] {
  if (verdict.certificates.length > 0 || verdict.status !== 'expired')
    return verdict.certificates.map((c) => c.record);
  return [...verdict.history].sort((a, b) => b.validUntil.localeCompare(a.validUntil)).slice(0, 1);
}

/**
 * Whether the verdict is kept as a finding: any status but `valid` — a review or an expiry coming due is a line of
 * the problem list too (复审, 换证 by its date), though the certificate still counts — or a valid one with
 * something beside it that bears on the work (a concern: the problem list and the bureau must see it too).
 */
export function isFindingVerdict(verdict: Pick<Verdict, 'status' | 'concerns'>): boolean {
  return verdict.status !== 'valid' || (verdict.concerns?.length ?? 0) > 0;
}
