/**
 * What a verdict does to a ledger person: the platform's answer becomes the latest verdict and, when the status
 * or the certificate's expiry moved, a change in the history; an answer the platform could not give (a failure,
 * or an old cached answer used because it was down) leaves the latest verdict as it was, with its own date, and
 * only notes the failed day. Nobody turns `not_found` because the platform was unreachable.
 */
import { isAcceptable } from '../domain/status.js';
import type { Verdict } from '../domain/verdict.js';
import type { LedgerChange, LedgerPerson, LedgerVerdict } from '../store/ledger-store.js';

/** How a status change reads in a summary: renewed, lapsed, overdue, no longer found, or another change. */
export type ChangeKind = 'renewed' | 'expired' | 'overdue' | 'not_found' | 'other';

/** What applying a verdict did. */
export type Applied =
  | { kind: 'first' }
  | { kind: 'same' }
  | { kind: 'changed'; change: ChangeKind }
  /** The platform gave no answer: the latest verdict stays. */
  | { kind: 'failed' };

/** Whether a verdict is the platform's (or an official export's) answer of today, fit to replace the latest. */
export function isAnswer(verdict: Verdict): boolean {
  return (
    verdict.status !== 'unverifiable' && verdict.source !== 'stale-cache' && verdict.status !== 'invalid_id'
  );
}

/** The ledger's record of a verdict. */
export function ledgerVerdictOf(verdict: Verdict): LedgerVerdict {
  const latest: LedgerVerdict = { status: verdict.status, judgedOn: verdict.today };
  if (verdict.evidenceAt !== undefined) latest.at = verdict.evidenceAt;
  if (verdict.source !== undefined) latest.source = verdict.source;
  if (verdict.best !== undefined) latest.certificate = verdict.best.record;
  const personType = verdict.personType ?? verdict.query.personType;
  if (personType !== undefined) latest.personType = personType;
  if (verdict.absence !== undefined) latest.absence = verdict.absence;
  if (verdict.concerns !== undefined && verdict.concerns.length > 0)
    latest.concerns = verdict.concerns.map((c) => c.concern);
  return latest;
}

/** Apply `verdict` to `person` (mutated) on its date. */
export function applyVerdict(person: LedgerPerson, verdict: Verdict): Applied {
  if (!isAnswer(verdict)) {
    person.lastFailedOn = verdict.today;
    return { kind: 'failed' };
  }
  const before = person.latest;
  const after = ledgerVerdictOf(verdict);
  person.latest = after;
  delete person.lastFailedOn;
  const validUntil = after.certificate?.validUntil;
  const change: LedgerChange = { on: verdict.today, to: after.status };
  if (after.source !== undefined) change.source = after.source;
  if (validUntil !== undefined) change.validUntil = validUntil;
  if (before === undefined) {
    person.history.push(change);
    return { kind: 'first' };
  }
  if (before.status === after.status && before.certificate?.validUntil === validUntil)
    return { kind: 'same' };
  change.from = before.status;
  person.history.push(change);
  return { kind: 'changed', change: changeKind(before, after) };
}

/** How a change from `before` to `after` reads. */
export function changeKind(before: LedgerVerdict, after: LedgerVerdict): ChangeKind {
  const was = before.certificate?.validUntil;
  const now = after.certificate?.validUntil;
  if (was !== undefined && now !== undefined && now > was && isAcceptable(after.status)) return 'renewed';
  switch (after.status) {
    case 'expired':
      return 'expired';
    case 'review_overdue':
      return 'overdue';
    case 'not_found':
      return 'not_found';
    default:
      return 'other';
  }
}

/** Whether a person found before is not found now: a finding at once, with the answer before as evidence. */
export function newlyNotFound(before: LedgerVerdict | undefined, verdict: Verdict): boolean {
  return (
    before !== undefined &&
    before.status !== 'not_found' &&
    verdict.status === 'not_found' &&
    isAnswer(verdict)
  );
}
