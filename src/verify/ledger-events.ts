/**
 * The reminders a ledger calls for on a day, from the latest verdict of each person still on it: a certificate
 * expiring within `rules.warnDays` (换证 under the rule now in force, 延期复审换证 under the old one), a review
 * still due where the old rule applies, a certificate expired, a review overdue, and a person the platform newly
 * does not find. Pure: the date and the rules come in; the certificate's dates are judged again on that day, so a
 * ledger re-checked last week still reminds on time.
 */
import { classifyCertificate } from '../domain/classify.js';
import { daysBetween } from '../domain/dates.js';
import { type ExpiryDuty, expiryDutyOf } from '../domain/duty-words.js';
import type { Rules } from '../domain/rules.js';
import type { Concern } from '../domain/verdict.js';
import { isActive, type LedgerBook, type LedgerPerson, personKey } from '../store/ledger-store.js';

/**
 * What a reminder is about (status words of the CLI's JSON); beside the certificate states, `unassessed`: a
 * principal or safety manager without an assessment certificate (his deadline, or past it), and `concern`: a
 * valid certificate with something that bears on the work (past retirement age, under age at first issue).
 */
export type LedgerEventStatus =
  | 'expiring'
  | 'review_due'
  | 'expired'
  | 'review_overdue'
  | 'not_found'
  | 'unassessed'
  | 'concern';

/** The order events are told in: the worst first. */
export const EVENT_ORDER: readonly LedgerEventStatus[] = [
  'not_found',
  'expired',
  'review_overdue',
  'unassessed',
  'concern',
  'expiring',
  'review_due',
];

/** One reminder. */
export interface LedgerEvent {
  status: LedgerEventStatus;
  idNumber: string;
  name: string;
  item?: string;
  department?: string;
  /** The date it is about: validUntil, reviewDue, or the day the platform stopped finding the person. */
  date: string;
  /** Days from the day of the events to `date` (negative when past). */
  daysLeft: number;
  /** `expiring`: what the expiry calls for (换领新证, 延期复审换证, or 再次考核 for the assessment certificate). */
  duty?: ExpiryDuty;
  /** Identifies the event: the same event is pushed once. */
  key: string;
  /** `concern`: what bears on the work. */
  concerns?: Concern[];
}

/** The events of one person on `today`, if any. */
export function personEvent(person: LedgerPerson, today: string, rules: Rules): LedgerEvent | undefined {
  const latest = person.latest;
  if (!isActive(person) || latest === undefined) return undefined;
  if (latest.status === 'not_found' && latest.absence?.kind === 'unassessed') {
    // A manager is reminded of his deadline before it and of the lapse after it.
    return eventOf(person, 'unassessed', latest.absence.deadline ?? latest.judgedOn, today);
  }
  if (latest.status === 'not_found') {
    // Only a person found before and missing now: one never found is a finding of the import, not news.
    if (person.history.length < 2) return undefined;
    return eventOf(person, 'not_found', latest.judgedOn, today);
  }
  const certificate = latest.certificate;
  if (certificate === undefined) return undefined;
  const assessed = classifyCertificate(certificate, today, rules);
  switch (assessed.status) {
    case 'valid':
      return latest.concerns?.length
        ? { ...eventOf(person, 'concern', latest.judgedOn, today), concerns: latest.concerns }
        : undefined;
    case 'expiring':
      return {
        ...eventOf(person, 'expiring', certificate.validUntil, today),
        duty: expiryDutyOf(certificate.kind, assessed.expiryMode),
      };
    case 'expired':
      return eventOf(person, 'expired', certificate.validUntil, today);
    case 'review_due':
    case 'review_overdue':
      return eventOf(person, assessed.status, certificate.reviewDue ?? certificate.validUntil, today);
  }
}

/** Every event of a ledger on `today`, the worst first, then by date. */
export function ledgerEvents(book: LedgerBook, today: string, rules: Rules): LedgerEvent[] {
  const events: LedgerEvent[] = [];
  for (const person of book.people) {
    const event = personEvent(person, today, rules);
    if (event) events.push(event);
  }
  const rank = (s: LedgerEventStatus) => EVENT_ORDER.indexOf(s);
  return events.sort((a, b) => rank(a.status) - rank(b.status) || a.date.localeCompare(b.date));
}

/** The events not pushed yet. */
export function unsentEvents(book: LedgerBook, events: readonly LedgerEvent[]): LedgerEvent[] {
  return events.filter((e) => !Object.hasOwn(book.sent, e.key));
}

function eventOf(person: LedgerPerson, status: LedgerEventStatus, date: string, today: string): LedgerEvent {
  const event: LedgerEvent = {
    status,
    idNumber: person.idNumber,
    name: person.name,
    date,
    daysLeft: daysBetween(today, date),
    key: `${personKey(person)}|${status}|${date}`,
  };
  const item = person.item ?? person.latest?.certificate?.item;
  if (item !== undefined) event.item = item;
  if (person.department !== undefined) event.department = person.department;
  return event;
}
