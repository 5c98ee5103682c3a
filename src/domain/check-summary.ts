/**
 * How many people a period's checks covered and how they stood: the counts the 检查表 (二、查持证情况), the
 * 自查整改报告 and the bureau's monthly statistics state. A batch counts its own rows; the findings log holds
 * problems only, so an export from it takes the counts from the store's check tally.
 */
import type { PersonType } from './certificate.js';
import type { VerdictStatus } from './status.js';

export interface CheckSummary {
  /** Distinct people (ID numbers) checked. */
  people: number;
  /** Of them, those with a certificate of theirs on the platform (any certificate status). */
  found: number;
  /** Each person counted once, by the status of his latest check. */
  byStatus: Partial<Record<VerdictStatus, number>>;
  /** Each person counted once, by class; `unknown` when neither the roster nor the answer said. */
  byClass: Record<PersonType | 'unknown', number>;
  /** First and last China calendar day of the checks counted, when any. */
  firstDay?: string;
  lastDay?: string;
}

/** One person's latest check as the summary counts it. */
export interface CheckedPerson {
  idNumber: string;
  status: VerdictStatus;
  personType?: PersonType;
  /** A certificate of his was on the platform. */
  found: boolean;
  day: string;
}

/**
 * Whether a check found a certificate of the person asked about, given how many records it showed: a name
 * mismatch shows another person's, a wrong ID number or nothing found shows none.
 */
export function foundHolder(status: VerdictStatus, recordsShown: number): boolean {
  return recordsShown > 0 && status !== 'name_mismatch' && status !== 'invalid_id' && status !== 'not_found';
}

/** Count people once each (the last entry of an ID number wins). */
export function summarizeChecks(entries: Iterable<CheckedPerson>): CheckSummary {
  const latest = new Map<string, CheckedPerson>();
  let firstDay: string | undefined;
  let lastDay: string | undefined;
  for (const entry of entries) {
    latest.set(entry.idNumber, entry);
    if (firstDay === undefined || entry.day < firstDay) firstDay = entry.day;
    if (lastDay === undefined || entry.day > lastDay) lastDay = entry.day;
  }
  const summary: CheckSummary = {
    people: latest.size,
    found: 0,
    byStatus: {},
    byClass: { special: 0, manager: 0, principal: 0, unknown: 0 },
    ...(firstDay ? { firstDay, lastDay } : {}),
  };
  for (const person of latest.values()) {
    if (person.found) summary.found += 1;
    summary.byStatus[person.status] = (summary.byStatus[person.status] ?? 0) + 1;
    summary.byClass[person.personType ?? 'unknown'] += 1;
  }
  return summary;
}
