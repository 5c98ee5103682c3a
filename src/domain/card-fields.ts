/**
 * The printed fields of a certificate card as the domain sees them: each a text with the reader's confidence.
 * The photo reader's `CardFields` is this type.
 */

/** The fields a card may show, in the order a reply lists them. */
export const CARD_FIELDS = [
  'name',
  'sex',
  'idNumber',
  'certNumber',
  'category',
  'item',
  'firstIssued',
  'validFrom',
  'validUntil',
  'reviewDue',
  'reviewedOn',
  'issuer',
] as const;

export type CardField = (typeof CARD_FIELDS)[number];

/** One field as read, with the reader's confidence (0..1). */
export interface ReadValue {
  text: string;
  confidence: number;
}

/** What a card says: the fields read, each with its confidence. */
export type CardSays = Partial<Record<CardField, ReadValue>>;

/** How each field reads on a card and in replies. */
export const CARD_FIELD_LABELS: Record<CardField, string> = {
  name: '姓名',
  sex: '性别',
  idNumber: '身份证号',
  certNumber: '证号',
  category: '作业类别',
  item: '操作项目',
  firstIssued: '初领日期',
  validFrom: '有效期起',
  validUntil: '有效期至',
  reviewDue: '应复审日期',
  reviewedOn: '实际复审日期',
  issuer: '签发机关',
};

/**
 * A read this sure (or surer) is taken at its word: a difference from the platform is a lead. Below it the
 * sender is asked to look again (OCR's usual slips are one character of a name or one digit of a date).
 */
export const SURE_READ = 0.8;
