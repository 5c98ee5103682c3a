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
 * - `review_overdue` (special operations, review regime) when reviewDue < today and no review is recorded;
 * - `expiring` when validUntil − today <= warnDays;
 * - `review_due` when 0 <= reviewDue − today <= warnDays and no review is recorded;
 * - otherwise `valid`.
 * Under the renewal regime (a reviewDue on or after the change) the review date does not matter at all.
 *
 * A review recorded outside the usual time (after reviewDue, or earlier than reviewDue − reviewDoneWindowDays)
 * still counts as done, and `reviewTiming` says so for a warning. The record is the issuer's own: it processes a
 * review in up to 20 working days after an application made in time, so a record after the due date does not
 * show that the application was late, and an early record on this certificate is its one review done early.
 * The bot sees no application date, so it neither calls such a certificate void (失效) nor passes it silently:
 * the status is what the other rules give (valid, expiring, expired) and the verdict warns.
 */
export function classifyCertificate(
  record: CertificateRecord,
  today: string,
  rules: Rules,
): AssessedCertificate {
  const day = toDayNumber(today);
  const daysToExpiry = toDayNumber(record.validUntil) - day;
  const assessed: AssessedCertificate = { record, status: 'valid', daysToExpiry };
  if (record.kind === 'special') {
    assessed.expiryMode = reviewModeFor(record.validUntil, rules.reviewRegimes);
    if (record.reviewDue !== undefined) {
      assessed.reviewMode = reviewModeFor(record.reviewDue, rules.reviewRegimes);
      if (assessed.reviewMode === 'review') judgeReview(assessed, record.reviewDue, day, rules);
    }
  }
  const review = assessed.daysToReview;
  let status: CertStatus;
  if (daysToExpiry < 0) status = 'expired';
  else if (review !== undefined && review < 0) status = 'review_overdue';
  else if (daysToExpiry <= rules.warnDays) status = 'expiring';
  else if (review !== undefined && review <= rules.warnDays) status = 'review_due';
  else status = 'valid';
  assessed.status = status;
  return assessed;
}

/** Under the review regime: days to a review not recorded, or how a recorded one was timed. */
function judgeReview(assessed: AssessedCertificate, reviewDue: string, day: number, rules: Rules): void {
  const due = toDayNumber(reviewDue);
  const { reviewedOn } = assessed.record;
  if (reviewedOn === undefined) {
    assessed.daysToReview = due - day;
    return;
  }
  const done = toDayNumber(reviewedOn);
  if (done > due) assessed.reviewTiming = 'late';
  else if (done < due - rules.reviewDoneWindowDays) assessed.reviewTiming = 'early';
}
