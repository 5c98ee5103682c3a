/**
 * The ONE table of field names the simulated platform uses inside `data`: those one public scraper of the
 * platform's JSON API reads (`shouldReviewDate` 应复审日期 and `reviewDate` 实际复审日期, `certStatus` the
 * platform's own status text …). Each is the first alias of the same field in `config/default.json`
 * `lookup.fieldAliases`, so the client reads the simulator through its aliases (a test keeps the two in step).
 * `certStatus` is sent only when the data file gives the certificate a `platformStatus`.
 */
import type { CertificateRecord } from '../domain/certificate.js';

/** Our field name → the platform's JSON field name; `history` marks records listed below 历史数据. */
export const PLATFORM_FIELDS = {
  name: 'name',
  sex: 'sex',
  idNumber: 'idcardNum',
  certNumber: 'certNum',
  category: 'jobCategoryName',
  item: 'operItemName',
  role: 'personType',
  industry: 'industry',
  firstIssued: 'issueDate',
  validFrom: 'validBeginDate',
  validUntil: 'validEndDate',
  reviewDue: 'shouldReviewDate',
  reviewedOn: 'reviewDate',
  issuer: 'issueOrgName',
  platformStatus: 'certStatus',
  history: 'isHistory',
} as const satisfies Record<Exclude<keyof CertificateRecord, 'kind'> | 'history', string>;

/** One record as the platform sends it. */
export type PlatformRecord = Record<string, string | boolean>;

/** A certificate in platform field names; absent fields stay absent, `isHistory` is always present. */
export function toPlatformRecord(cert: CertificateRecord, history: boolean): PlatformRecord {
  const out: PlatformRecord = {};
  for (const key of Object.keys(PLATFORM_FIELDS) as Array<keyof typeof PLATFORM_FIELDS>) {
    if (key === 'history') continue;
    const value = cert[key];
    if (value !== undefined) out[PLATFORM_FIELDS[key]] = value;
  }
  out[PLATFORM_FIELDS.history] = history;
  return out;
}
