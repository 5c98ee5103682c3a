/**
 * The state of one certificate on a date (domain.md §1): expired, review overdue, expiring, review due, or valid,
 * checked in that order.
 */
import type { CertificateRecord } from './certificate.js';
import { toDayNumber } from './dates.js';
import { type Rules, reviewModeFor } from './rules.js';
import type { CertStatus } from './status.js';
import type { AssessedCertificate } from './verdict.js';

/**
 * Classify `record` on `today` (`YYYY-MM-DD`):
 * - `expired` when validUntil < today;
 * - `review_overdue` (special operations, review regime) when reviewDue < today and the review was not done
 *   (done: reviewedOn present and >= reviewDue − reviewDoneWindowDays);
 * - `expiring` when validUntil − today <= warnDays;
 * - `review_due` when 0 <= reviewDue − today <= warnDays and the review was not done;
 * - otherwise `valid`.
 */
export function classifyCertificate(
  record: CertificateRecord,
  today: string,
  rules: Rules,
): AssessedCertificate {
  const day = toDayNumber(today);
  const daysToExpiry = toDayNumber(record.validUntil) - day;
  const daysToReview = pendingReviewDays(record, day, rules);
  let status: CertStatus;
  if (daysToExpiry < 0) status = 'expired';
  else if (daysToReview !== undefined && daysToReview < 0) status = 'review_overdue';
  else if (daysToExpiry <= rules.warnDays) status = 'expiring';
  else if (daysToReview !== undefined && daysToReview <= rules.warnDays) status = 'review_due';
  else status = 'valid';
  const assessed: AssessedCertificate = { record, status, daysToExpiry };
  if (daysToReview !== undefined) assessed.daysToReview = daysToReview;
  return assessed;
}

/** Days from `day` to reviewDue when a review is required and not done; otherwise undefined. */
function pendingReviewDays(record: CertificateRecord, day: number, rules: Rules): number | undefined {
  if (record.kind !== 'special' || record.reviewDue === undefined) return undefined;
  if (reviewModeFor(record.reviewDue, rules.reviewRegimes) === 'renewal') return undefined;
  const due = toDayNumber(record.reviewDue);
  const done =
    record.reviewedOn !== undefined && toDayNumber(record.reviewedOn) >= due - rules.reviewDoneWindowDays;
  return done ? undefined : due - day;
}
