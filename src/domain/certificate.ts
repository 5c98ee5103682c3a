/**
 * The certificate as this project knows it, whatever it came from (the national platform, a registry import,
 * the cache). Dates are calendar dates `YYYY-MM-DD` in China time.
 */

/** Which certificate: 特种作业操作证 or 安全生产知识和管理能力考核合格证. */
export type CertKind = 'special' | 'safety';

/**
 * Who the platform is asked about (its `personTypeCode`): special-operations worker, safety manager or
 * principal. A `safety` certificate belongs to a manager or a principal.
 */
export type PersonType = 'special' | 'manager' | 'principal';

/** Lookup order when a query does not say which certificate it is about (special operations first). */
export const PERSON_TYPES_IN_ORDER: readonly PersonType[] = ['special', 'manager', 'principal'];

/** 人员类型 in words, as rosters and reports write it. */
export function personTypeLabel(personType: PersonType): string {
  switch (personType) {
    case 'special':
      return '特种作业人员';
    case 'manager':
      return '安全生产管理人员';
    case 'principal':
      return '主要负责人';
  }
}

/** One certificate record. Absent fields are omitted, never empty strings. */
export interface CertificateRecord {
  kind: CertKind;
  idNumber: string;
  name: string;
  sex?: '男' | '女';
  certNumber?: string;
  /** 作业类别 (special operations). */
  category?: string;
  /** 操作项目 (special operations). */
  item?: string;
  /** 人员类型 of a safety certificate: 主要负责人 / 安全生产管理人员. */
  role?: string;
  /** 行业类别 of a safety certificate. */
  industry?: string;
  firstIssued?: string;
  validFrom?: string;
  validUntil: string;
  /** 应复审日期 (special operations). */
  reviewDue?: string;
  /** 实际复审日期 (special operations): the review done, not the one due. */
  reviewedOn?: string;
  issuer?: string;
  /**
   * The certificate's status in the platform's own words (its `certStatus`, e.g. 有效), kept as evidence and
   * shown beside ours; the verdict is still decided from the dates.
   */
  platformStatus?: string;
}

/** What one lookup learned: current certificates and, apart, the history the platform lists below 历史数据. */
export interface LookupAnswer {
  current: CertificateRecord[];
  history: CertificateRecord[];
}
