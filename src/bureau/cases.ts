/**
 * The case workflow of a lead: 新线索 → 核查中 → 已移送公安 / 已排除 → 结案. The store refuses any other move; the
 * console offers only these as buttons.
 */
import type { CaseStatus } from './store/types.js';

/** Every case status, in workflow order. */
export const CASE_STATUSES: readonly CaseStatus[] = [
  'new',
  'investigating',
  'referred',
  'dismissed',
  'closed',
];

/** How each status reads on the console and in exports. */
export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  new: '新线索',
  investigating: '核查中',
  referred: '已移送公安',
  dismissed: '已排除',
  closed: '结案',
};

/** The statuses a case may move to from each status. */
export const NEXT_CASE_STATUSES: Record<CaseStatus, readonly CaseStatus[]> = {
  new: ['investigating'],
  investigating: ['referred', 'dismissed'],
  referred: ['closed'],
  dismissed: ['closed'],
  closed: [],
};

/** Whether `value` is a case status (for input from a form or a URL). */
export function isCaseStatus(value: unknown): value is CaseStatus {
  return typeof value === 'string' && (CASE_STATUSES as readonly string[]).includes(value);
}
