/**
 * 整改依据: the rule each kind of problem breaks, as data, for the problem list and the self-check report. Every
 * article cited is one docs/domain.md §1 and §6 support (安全生产法 2021 第二十七条, 第三十条, 第九十七条; 刑法 第二百八十条;
 * 《生产经营单位安全培训规定》第二十四条); the rule on special-operations workers was revised in force 2026-06-01 and its
 * article numbers differ between versions, so it is cited by name with the matter it governs.
 */

/** The kinds of problem a check finds, as the forms group and cite them. */
export type ProblemKind =
  /** A worker on a list with no certificate found: 无证上岗 risk. */
  | 'uncertified'
  /** A presented certificate the platform does not know, under another name, or with another number. */
  | 'suspected_fake'
  /** A special-operations certificate expired, or void for a review missed. */
  | 'lapsed'
  /** A review coming due (the old rule). */
  | 'review_due'
  /** A special-operations certificate expiring: 换领新证 / 延期复审换证. */
  | 'expiring'
  /** The certificate held does not cover the work done. */
  | 'item_mismatch'
  /** A principal or safety manager without a valid assessment certificate (none found, or expired). */
  | 'unassessed'
  /** A principal's or safety manager's assessment certificate expiring: 再次考核. */
  | 'assessment_expiring'
  /** A holder past the statutory retirement age, or under 18 at first issue. */
  | 'age'
  /** Not checked yet: a wrong ID number, the platform not answering, a certificate of another authority. */
  | 'unchecked';

const SAFETY_LAW = '《安全生产法》';
const SPECIAL_RULE = '《特种作业人员安全技术培训考核管理规定》';

/** The rule broken, by kind; empty where nothing is known to be broken yet (a check still to be made). */
export const RECTIFICATION_BASIS: Readonly<Record<ProblemKind, string>> = {
  uncertified: `${SAFETY_LAW}第三十条、第九十七条`,
  suspected_fake: `${SAFETY_LAW}第三十条；${SPECIAL_RULE}（禁止伪造、涂改、转借、转让、冒用特种作业操作证）；《刑法》第二百八十条`,
  lapsed: `${SAFETY_LAW}第三十条；${SPECIAL_RULE}（复审、换证）`,
  review_due: `${SPECIAL_RULE}（复审）`,
  expiring: `${SPECIAL_RULE}（换证）`,
  item_mismatch: `${SAFETY_LAW}第三十条（取得相应资格方可上岗作业）`,
  unassessed: `${SAFETY_LAW}第二十七条、第九十七条；《生产经营单位安全培训规定》第二十四条`,
  assessment_expiring: `${SAFETY_LAW}第二十七条`,
  age: `${SPECIAL_RULE}（特种作业人员应年满 18 周岁且不超过国家法定退休年龄）`,
  unchecked: '',
};
