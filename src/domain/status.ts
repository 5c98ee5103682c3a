/**
 * The status words: the machine-readable contract of the CLI, the exports and the chat replies.
 * Never rename one; add new ones only with care for every exhaustive switch.
 */

/** State of one certificate on a date. */
export type CertStatus = 'valid' | 'review_due' | 'expiring' | 'review_overdue' | 'expired';

/** Verdict of one query: a certificate state, or why there is none. */
export type VerdictStatus =
  | CertStatus
  | 'not_found'
  | 'name_mismatch'
  | 'item_mismatch'
  | 'invalid_id'
  | 'unverifiable'
  | 'other_authority';

/** Best first: used to pick the certificate that answers a query naming no item. */
export const CERT_STATUS_RANK: readonly CertStatus[] = [
  'valid',
  'review_due',
  'expiring',
  'review_overdue',
  'expired',
];

/** Every verdict word, in report order. */
export const VERDICT_STATUSES: readonly VerdictStatus[] = [
  ...CERT_STATUS_RANK,
  'not_found',
  'name_mismatch',
  'item_mismatch',
  'invalid_id',
  'unverifiable',
  'other_authority',
];

/** Verdicts that are not findings: the certificate is there and may be used (perhaps with an action due). */
export function isAcceptable(status: VerdictStatus): boolean {
  return status === 'valid' || status === 'review_due' || status === 'expiring';
}

/** Short Chinese label of a status, as shown in replies and reports. */
export function statusLabel(status: VerdictStatus): string {
  switch (status) {
    case 'valid':
      return '有效';
    case 'review_due':
      return '应复审';
    case 'expiring':
      return '即将到期';
    case 'review_overdue':
      return '逾期未复审';
    case 'expired':
      return '已过期';
    case 'not_found':
      return '未查到';
    case 'name_mismatch':
      return '姓名不符';
    case 'item_mismatch':
      return '操作项目不符';
    case 'invalid_id':
      return '证件号无效';
    case 'unverifiable':
      return '暂时无法核验';
    case 'other_authority':
      return '非本平台证书';
    default:
      return assertNever(status);
  }
}

/** Exhaustiveness check for switches over unions: a missing case becomes a compile error. */
export function assertNever(value: never): never {
  throw new Error(`未处理的取值: ${String(value)}`);
}
