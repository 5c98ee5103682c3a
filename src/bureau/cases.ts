/**
 * The case workflow of a lead: 新线索 → 核查中 → 已移送公安 / 已排除 → 结案. Which moves are allowed is decided
 * here alone (a pure function), so the store, the console's buttons and the tests agree; a refused move carries
 * its reason in Chinese.
 */
import { InputError } from '../domain/errors.js';
import { assertNever } from '../domain/status.js';
import type { CaseStatus } from './store/types.js';

/** Every case status, in workflow order. */
export const CASE_STATUSES: readonly CaseStatus[] = [
  'new',
  'investigating',
  'referred',
  'dismissed',
  'closed',
];

/** How each status reads on the bureau's pages and in its reports. */
export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  new: '新线索',
  investigating: '核查中',
  referred: '已移送公安',
  dismissed: '已排除',
  closed: '结案',
};

/** The statuses a case in `from` may move to (the console shows one button each). */
export function nextCaseStatuses(from: CaseStatus): CaseStatus[] {
  switch (from) {
    case 'new':
      return ['investigating'];
    case 'investigating':
      return ['referred', 'dismissed'];
    case 'referred':
    case 'dismissed':
      return ['closed'];
    case 'closed':
      return [];
    default:
      return assertNever(from);
  }
}

/** Why a case may not move from `from` to `to`, in Chinese; undefined when the move is allowed. */
export function caseMoveProblem(from: CaseStatus, to: CaseStatus): string | undefined {
  const next = nextCaseStatuses(from);
  if (next.includes(to)) return undefined;
  const label = CASE_STATUS_LABELS;
  if (from === to) return `线索已经是「${label[to]}」状态`;
  if (next.length === 0) return `线索已「${label[from]}」，不能再改为「${label[to]}」`;
  return `「${label[from]}」的线索只能改为${next.map((s) => `「${label[s]}」`).join('或')}，不能直接改为「${label[to]}」`;
}

/** Whether `value` is a case status (for input from a form or a URL). */
export function isCaseStatus(value: unknown): value is CaseStatus {
  return typeof value === 'string' && (CASE_STATUSES as readonly string[]).includes(value);
}

/** A case change refused: no such lead in the caller's scope, or a move the workflow does not allow. */
export class CaseChangeError extends InputError {
  constructor(
    readonly reason: 'not_found' | 'move',
    message: string,
  ) {
    super(message);
  }
}
