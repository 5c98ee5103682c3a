/**
 * The enterprise's certificate ledger (三项岗位人员持证台账) read as certificate records for the registry: its
 * column names, and one record per row. A row that cannot be a certificate (bad ID, no expiry date, a date that
 * is no date) is reported with its row number and skipped; rows with neither ID nor name are not people.
 */
import type { CertificateRecord } from '../../domain/certificate.js';
import { validateIdNumber } from '../../domain/id-number.js';
import { assertNever } from '../../domain/status.js';
import { parseCellDate } from './cell-date.js';
import { isFooterLine } from './footer-line.js';
import { findHeaderRow, HEADER_ALIASES, HEADER_SEARCH_ROWS, headerScheme } from './header.js';
import {
  DIGITS_LOST_PROBLEM,
  numberDigitsLost,
  parsePersonType,
  type RawRow,
  unwrapNumberCell,
} from './roster-row.js';
import type { RawSheet } from './roster-sheet.js';

/** What a ledger column means. */
export type LedgerColumn =
  | 'name'
  | 'idNumber'
  | 'sex'
  | 'certType'
  | 'category'
  | 'item'
  | 'industry'
  | 'certNumber'
  | 'firstIssued'
  | 'validFrom'
  | 'validUntil'
  | 'reviewDue'
  | 'reviewedOn'
  | 'issuer';

/** The date columns, in record field names. */
type DateColumn = 'firstIssued' | 'validFrom' | 'validUntil' | 'reviewDue' | 'reviewedOn';
const DATE_COLUMNS: readonly DateColumn[] = [
  'firstIssued',
  'validFrom',
  'validUntil',
  'reviewDue',
  'reviewedOn',
];

/** Header names per ledger column, best first. */
export const LEDGER_ALIASES: Readonly<Record<LedgerColumn, readonly string[]>> = {
  name: ['姓名', '人员姓名', '员工姓名', '持证人姓名', '持证人'],
  idNumber: HEADER_ALIASES.idNumber,
  sex: ['性别'],
  certType: [
    '证书类型',
    '人员类型',
    '证书类别',
    '证书种类',
    '证书名称',
    '持证类型',
    '人员类别',
    '岗位类型',
    '岗位类别',
  ],
  category: ['作业类别'],
  item: ['操作项目', '准操项目', '准操作项目', '作业项目'],
  industry: ['行业类别', '行业'],
  certNumber: HEADER_ALIASES.certNumber,
  firstIssued: ['初领日期', '初次领证日期', '首次领证日期', '初领证日期', '领证日期'],
  validFrom: ['有效期开始日期', '有效期起', '有效期起始日期', '有效期开始', '有效期自', '有效起始日期'],
  validUntil: [
    '有效期结束日期',
    '有效期至',
    '有效期截止日期',
    '有效期结束',
    '有效期止',
    '有效截止日期',
    '到期日期',
  ],
  reviewDue: ['应复审日期', '应复审时间', '下次复审日期'],
  reviewedOn: ['实际复审日期', '实际复审时间', '复审完成日期', '已复审日期'],
  issuer: ['发证机关', '签发机关', '发证单位', '发证部门'],
};

const LEDGER_WORDS: Readonly<Record<LedgerColumn, string>> = {
  name: '姓名',
  idNumber: '身份证号',
  sex: '性别',
  certType: '证书类型',
  category: '作业类别',
  item: '操作项目',
  industry: '行业类别',
  certNumber: '证号',
  firstIssued: '初领日期',
  validFrom: '有效期开始日期',
  validUntil: '有效期结束日期',
  reviewDue: '应复审日期',
  reviewedOn: '实际复审日期',
  issuer: '发证机关',
};

/** A ledger needs the person (name, ID) and the certificate's expiry. */
const LEDGER_SCHEME = headerScheme(
  LEDGER_ALIASES,
  LEDGER_WORDS,
  (c) => c.name !== undefined && c.idNumber !== undefined && c.validUntil !== undefined,
);

/** The columns a ledger sheet must have, for the message when none is found. */
export const LEDGER_REQUIRED = '姓名、身份证号、有效期结束日期（或 有效期至）';

/** A ledger row that was skipped, and why (Chinese). */
export interface LedgerProblem {
  sheet: string;
  /** 1-based, as Excel shows it. */
  row: number;
  problems: string[];
}

/** What one sheet gave: the records of its good rows and the bad rows. */
export interface LedgerSheet {
  records: CertificateRecord[];
  problems: LedgerProblem[];
  /** Which column was taken for what. */
  columnNotes: string[];
}

type Columns = Partial<Record<LedgerColumn, number>>;

/**
 * Read one sheet as a ledger (`today` bounds the birth dates in ID numbers), or say why it is not one.
 */
export function readLedgerSheet(raw: RawSheet, today: string): LedgerSheet | { skipped: string } {
  const top = raw.rows.filter((r) => r.rowNumber <= HEADER_SEARCH_ROWS);
  const header = findHeaderRow(
    LEDGER_SCHEME,
    top.map((r) => r.cells),
  );
  const headerRow = header ? top[header.index] : undefined;
  if (!header || !headerRow) {
    return {
      skipped: `工作表「${raw.name}」前 ${HEADER_SEARCH_ROWS} 行没有找到持证台账的表头（需要 ${LEDGER_REQUIRED} 列），已跳过`,
    };
  }
  const sheet: LedgerSheet = { records: [], problems: [], columnNotes: header.notes };
  const idColumn = header.columns.idNumber as number;
  for (const row of raw.rows) {
    if (row.rowNumber <= headerRow.rowNumber) continue;
    if (row.cells[idColumn] === headerRow.cells[idColumn]) continue; // header repeated on a later page
    if (isFooterLine(row.cells)) continue;
    const outcome = ledgerRecord(row, header.columns, headerRow.cells, today);
    if (outcome === undefined) continue;
    if ('problems' in outcome)
      sheet.problems.push({ sheet: raw.name, row: row.rowNumber, problems: outcome.problems });
    else sheet.records.push(outcome.record);
  }
  return sheet;
}

/** The record of one row, its problems, or `undefined` for a row holding no person. */
function ledgerRecord(
  raw: RawRow,
  columns: Columns,
  header: readonly string[],
  today: string,
): { record: CertificateRecord } | { problems: string[] } | undefined {
  const get = (column: LedgerColumn): string | undefined => {
    const index = columns[column];
    const text = index === undefined ? undefined : raw.cells[index]?.trim();
    return text ? text : undefined;
  };
  const idText = get('idNumber');
  const name = get('name');
  if (idText === undefined && name === undefined) return undefined;

  const problems: string[] = [];
  if (name === undefined) problems.push('缺少姓名');
  let idNumber = '';
  if (idText === undefined) problems.push('缺少身份证号');
  else {
    const input = unwrapNumberCell(idText);
    const check = validateIdNumber(input, today);
    if (numberDigitsLost(raw, columns.idNumber, input)) problems.push(DIGITS_LOST_PROBLEM);
    else if (!check.valid) problems.push(`身份证号无效：${check.reasons.join('；')}`);
    idNumber = check.idNumber;
  }
  const kind = certKind(get('certType'), get('category') ?? get('item'));
  if (typeof kind === 'string') problems.push(kind);
  const sex = get('sex');
  if (sex !== undefined && sex !== '男' && sex !== '女') problems.push(`性别「${sex}」应为 男 或 女`);

  const dates: Partial<Record<DateColumn, string>> = {};
  for (const column of DATE_COLUMNS) {
    const text = get(column);
    if (text === undefined) continue;
    const date = parseCellDate(text);
    if (date === undefined) problems.push(`「${header[columns[column] as number]}」不是日期：${text}`);
    else dates[column] = date;
  }
  if (get('validUntil') === undefined) problems.push(`缺少${LEDGER_WORDS.validUntil}`);
  if (problems.length > 0 || typeof kind === 'string' || name === undefined || dates.validUntil === undefined)
    return { problems };

  const certNumber = get('certNumber');
  const record: CertificateRecord = { kind: kind.kind, idNumber, name, validUntil: dates.validUntil };
  const optional: Partial<CertificateRecord> = {
    sex: sex as CertificateRecord['sex'],
    certNumber: certNumber === undefined ? undefined : unwrapNumberCell(certNumber),
    category: get('category'),
    item: get('item'),
    role: kind.role,
    industry: get('industry'),
    firstIssued: dates.firstIssued,
    validFrom: dates.validFrom,
    reviewDue: dates.reviewDue,
    reviewedOn: dates.reviewedOn,
    issuer: get('issuer'),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) Object.assign(record, { [key]: value });
  }
  return { record };
}

/** The roles a safety certificate names, by the person type a ledger cell gives. */
const SAFETY_ROLES = { principal: '主要负责人', manager: '安全生产管理人员' } as const;

/**
 * Which certificate a row holds, from its 证书类型 / 人员类型 cell; without one, a row naming an operation is a
 * special-operations certificate. A string is the problem (Chinese).
 */
function certKind(
  text: string | undefined,
  operation: string | undefined,
): { kind: CertificateRecord['kind']; role?: string } | string {
  if (text === undefined) {
    return operation === undefined
      ? '缺少证书类型（特种作业 / 主要负责人 / 安全生产管理人员）'
      : { kind: 'special' };
  }
  const personType = parsePersonType(text);
  switch (personType) {
    case 'special':
      return { kind: 'special' };
    case 'principal':
    case 'manager':
      return { kind: 'safety', role: SAFETY_ROLES[personType] };
    case undefined:
      return /安全生产知识|考核合格证|安管/.test(text)
        ? { kind: 'safety' }
        : `证书类型「${text}」无法识别：应为 特种作业、主要负责人 或 安全生产管理人员`;
    default:
      return assertNever(personType);
  }
}
