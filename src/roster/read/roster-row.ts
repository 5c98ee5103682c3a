/**
 * Turns the cells of one roster row into a query and the row's problems. A bad row is kept with its problems
 * (it gets an `invalid_id` verdict later); a row with neither an ID nor a name is not a person and is skipped.
 */

import { comparableCertNumber } from '../../domain/cert-number.js';
import type { PersonType } from '../../domain/certificate.js';
import { queryFromIdCheck, validateIdNumber } from '../../domain/id-number.js';
import { compactName } from '../../domain/person-name.js';
import type { ParsedQuery } from '../../domain/query.js';
import type { RosterColumn, RosterRow } from '../types.js';
import { parseCellDate } from './cell-date.js';

/** What an ID or certificate number cell shows when it was stored as a number (scientific notation). */
const SCIENTIFIC = /^\d(\.\d+)?E\+?\d+$/i;

/** The message for an ID that Excel stored as a number. */
export const DIGITS_LOST_PROBLEM =
  '身份证号在 Excel 中存成了数字，末尾几位已丢失（Excel 只保留 15 位有效数字）：请把该列设为文本后重新输入';

/** One row as read from a sheet: displayed texts and which columns held over-long numbers. */
export interface RawRow {
  rowNumber: number;
  cells: string[];
  /** 0-based columns whose number lost digits. */
  digitsLost?: ReadonlySet<number>;
  /** Hidden in the sheet. */
  hidden?: boolean;
}

/** The person type a roster cell names (主要负责人, 安全生产管理人员, 特种作业人员 and short forms). */
export function parsePersonType(text: string | undefined): PersonType | undefined {
  if (!text) return undefined;
  if (text.includes('主要负责人') || /^(企业|单位|公司)?负责人$/.test(text)) return 'principal';
  if (/安全(生产)?管理|安全员|安管/.test(text)) return 'manager';
  if (text.includes('特种作业') || text.includes('特种')) return 'special';
  return undefined;
}

/** A presented certificate number as compared, or undefined for a blank cell. */
function presentedNumber(text: string): string | undefined {
  const number = comparableCertNumber(text);
  return number === '' ? undefined : number;
}

/** The number a person meant: without an Excel text marker (`'110…` or `="110…"`). */
export function unwrapNumberCell(text: string): string {
  const formula = /^="(.*)"$/.exec(text);
  return (formula ? (formula[1] ?? '') : text).replace(/^'/, '').trim();
}

/** Whether the number `input` read from `column` lost digits: stored as a number, or shown in scientific notation. */
export function numberDigitsLost(raw: RawRow, column: number | undefined, input: string): boolean {
  return (column !== undefined && raw.digitsLost?.has(column) === true) || SCIENTIFIC.test(input);
}

/** Build the roster row (`today` bounds birth dates), or `undefined` when the row holds neither an ID nor a name. */
export function toRosterRow(
  raw: RawRow,
  columns: Partial<Record<RosterColumn, number>>,
  today: string,
): RosterRow | undefined {
  const get = (column: RosterColumn): string | undefined => {
    const index = columns[column];
    const text = index === undefined ? undefined : raw.cells[index]?.trim();
    return text ? text : undefined;
  };
  const numberColumn = get('idNumber') !== undefined ? columns.idNumber : columns.certNumber;
  const idText = get('idNumber') ?? get('certNumber');
  const certText = get('certNumber');
  const nameText = get('name');
  const name = nameText === undefined ? undefined : compactName(nameText);
  if (idText === undefined && name === undefined) return undefined;

  const appointed = get('appointedOn');
  const extra = { name, ...itemAndType(get('item'), get('personType')) };
  // A 证号 cell presents that certificate: the platform's record is compared with it, and only then can a
  // certificate not found be a fake one. A row without one is a person to check.
  const presented = {
    certNumber: certText === undefined ? undefined : presentedNumber(unwrapNumberCell(certText)),
    appointedOn: appointed === undefined ? undefined : parseCellDate(appointed),
  };
  const problems: string[] = [];
  let query: ParsedQuery;
  if (idText === undefined) {
    query = { input: '', idNumber: '', valid: false, reasons: ['缺少身份证号'], ...definedOnly(extra) };
    problems.push('缺少身份证号');
  } else {
    const input = unwrapNumberCell(idText);
    query = {
      ...queryFromIdCheck(validateIdNumber(input, today), definedOnly(extra)),
      ...definedOnly(presented),
    };
    if (query.certNumber !== undefined) query.claim = 'number';
    if (numberDigitsLost(raw, numberColumn, input)) problems.push(DIGITS_LOST_PROBLEM);
    else if (!query.valid) problems.push(`身份证号无效：${query.reasons.join('；')}`);
  }
  if (name === undefined) problems.push('缺少姓名');

  const row: RosterRow = { rowNumber: raw.rowNumber, cells: raw.cells, query, problems };
  if (raw.hidden) row.hidden = true;
  const department = get('department');
  const enterprise = get('enterprise');
  if (department) row.department = department;
  if (enterprise) row.enterprise = enterprise;
  return row;
}

/**
 * The item and person type of a row. A 工种 cell that names a principal or a safety manager (主要负责人,
 * 安全生产管理人员, 安全员 …) says which certificate the person needs, not an operation item.
 */
function itemAndType(
  itemText: string | undefined,
  typeText: string | undefined,
): { item: string | undefined; personType: PersonType | undefined } {
  const itemType = parsePersonType(itemText);
  const typeOfItem = itemType === 'principal' || itemType === 'manager' ? itemType : undefined;
  const personType = parsePersonType(typeText) ?? typeOfItem;
  return { item: typeOfItem === undefined ? itemText : undefined, personType };
}

function definedOnly<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
