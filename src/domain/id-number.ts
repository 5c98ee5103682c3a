/**
 * Identity numbers (GB 11643): normalise what people type, validate, and derive sex, birth date and age.
 * Accepted: the 18-character resident ID, the 15-digit old ID (converted to 18), 港澳台居民居住证 (810000 /
 * 820000 / 830000) and the 2023 foreigner permanent residence ID (leading 9). A certificate number `T` + ID
 * is read as the ID. The hot path works on char codes into a reused buffer: no regex, few allocations.
 */
import type { PersonType } from './certificate.js';
import { ageOn, isRealDate } from './dates.js';
import { digitValue, isCheckX, isInnerSeparator, isTPrefix, lookAlikeDigit } from './id-chars.js';
import type { ParsedQuery } from './query.js';
import { assertNever } from './status.js';

/** Which document the number belongs to. */
export type IdKind = 'resident' | 'resident15' | 'hmt_permit' | 'foreign_permanent';

/** Why a number was rejected (machine-readable twin of the Chinese reasons). */
export type IdProblem = 'empty' | 'characters' | 'length' | 'extra' | 'check' | 'date' | 'region';

/** Result of validating one number. */
export interface IdCheck {
  /** The number as written, trimmed. */
  input: string;
  /** Normalised: `T`, spaces, dashes and dots removed, full-width folded, upper-case X, 15 digits → 18. */
  idNumber: string;
  valid: boolean;
  /** Set once the length identifies the document (also when invalid for another reason). */
  kind?: IdKind;
  /** Empty when valid; in the order the reasons are listed. */
  problems: IdProblem[];
  /** Chinese reasons, one per problem. */
  reasons: string[];
  /** The check character the first 17 characters call for, when the last one differs. */
  expectedCheck?: string;
  /** Derived from a valid number. */
  sex?: '男' | '女';
  /** Derived from a valid number, `YYYY-MM-DD`. */
  birthDate?: string;
}

/** Weights of the first 17 digits (GB 11643-1999). */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** Check character codes for S mod 11 = 0…10: 1 0 X 9 8 7 6 5 4 3 2. */
const CHECK_CODES = [49, 48, 88, 57, 56, 55, 54, 53, 52, 51, 50];
/** Province prefixes in use or once used (codes are never reissued): domain.md §2. */
const PROVINCES = new Uint8Array(100);
for (const [from, to] of [
  [11, 15],
  [21, 23],
  [31, 37],
  [41, 46],
  [50, 54],
  [61, 65],
  [71, 71],
  [81, 83],
] as const) {
  for (let p = from; p <= to; p++) PROVINCES[p] = 1;
}

const MAX_KEPT = 40;
/** Reused buffer of normalised char codes (single-threaded, never escapes a call). */
const buf = new Uint16Array(MAX_KEPT);

let lastToday = '';
let lastTodayKey = 0;

/** `YYYY-MM-DD` as the number yyyymmdd, cached for the repeated calls of a batch. */
function todayKey(today: string): number {
  if (today !== lastToday) {
    lastToday = today;
    lastTodayKey =
      Number(today.slice(0, 4)) * 10000 + Number(today.slice(5, 7)) * 100 + Number(today.slice(8, 10));
  }
  return lastTodayKey;
}

/** Digit value of buf[i]. */
function d(i: number): number {
  return (buf[i] ?? 0) - 48;
}

/** The check character (`0`–`9` or `X`) for the first 17 digits of `id`. */
export function checkCharacter(id: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * (WEIGHTS[i] ?? 0);
  return String.fromCharCode(CHECK_CODES[sum % 11] ?? 0);
}

/**
 * Validate a number as typed. `today` (`YYYY-MM-DD`, China) bounds the birth date. Every rejection carries a
 * Chinese reason saying what is wrong (length, check character and which one was expected, date, region).
 */
export function validateIdNumber(text: string, today: string): IdCheck {
  const input = text.trim();
  const len = input.length;
  let n = 0;
  let changed = false;
  const badChars: string[] = [];
  let start = 0;
  if (len > 0 && isTPrefix(input.charCodeAt(0))) {
    start = 1;
    changed = true;
  }
  for (let i = start; i < len; i++) {
    const c = input.charCodeAt(i);
    const v = digitValue(c);
    let out: number;
    if (v >= 0) out = 48 + v;
    else if (isCheckX(c)) out = 88;
    else if (isInnerSeparator(c)) {
      changed = true;
      continue;
    } else {
      if (badChars.length < MAX_BAD_SHOWN) badChars.push(badCharReason(input, i, n + 1));
      n++;
      continue;
    }
    if (out !== c) changed = true;
    if (n < MAX_KEPT) buf[n] = out;
    n++;
  }
  if (badChars.length > 0) {
    const extra = n > 18 ? extraCharsReason(input, start, today) : undefined;
    if (extra !== undefined) return rejected(input, input, undefined, 'extra', extra);
    return { input, idNumber: input, valid: false, problems: ['characters'], reasons: badChars };
  }
  if (n === 0) return rejected(input, '', undefined, 'empty', '没有填写证件号');
  let idNumber = changed ? bufferText(n) : input;
  if (n !== 18 && n !== 15) {
    // Longer than any ID: perhaps a whole one with characters glued on.
    const extra = n > 18 ? extraCharsReason(input, start, today) : undefined;
    if (extra !== undefined) return rejected(input, idNumber, undefined, 'extra', extra);
    return rejected(
      input,
      idNumber,
      undefined,
      'length',
      `位数不对：身份证号应为 18 位（旧版为 15 位），这里是 ${n} 位`,
    );
  }
  for (let i = 0; i < n - 1; i++) {
    if (buf[i] === 88)
      return rejected(input, idNumber, undefined, 'characters', 'X 只能出现在身份证号的最后一位');
  }

  const problems: IdProblem[] = [];
  const reasons: string[] = [];
  let kind: IdKind;
  if (n === 15) {
    if (buf[14] === 88) return rejected(input, idNumber, 'resident15', 'characters', '15 位旧身份证号不含 X');
    kind = 'resident15';
    buf.copyWithin(8, 6, 15);
    buf[6] = 49;
    buf[7] = 57;
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += d(i) * (WEIGHTS[i] ?? 0);
    buf[17] = CHECK_CODES[sum % 11] ?? 0;
    idNumber = bufferText(18);
  } else if (buf[0] === 57) {
    kind = 'foreign_permanent';
  } else {
    const province = d(0) * 10 + d(1);
    if (province >= 81 && province <= 83) {
      kind = 'hmt_permit';
      if (buf[2] !== 48 || buf[3] !== 48 || buf[4] !== 48 || buf[5] !== 48) {
        problems.push('region');
        reasons.push('港澳台居民居住证号码前 6 位应为 810000（香港）、820000（澳门）或 830000（台湾）');
      }
    } else {
      kind = 'resident';
    }
  }
  if (kind !== 'foreign_permanent' && kind !== 'hmt_permit' && PROVINCES[d(0) * 10 + d(1)] !== 1) {
    problems.push('region');
    reasons.push(`地区代码 ${d(0)}${d(1)} 不存在：身份证号前两位应为省级行政区代码（如 11 北京、44 广东）`);
  }

  const year = d(6) * 1000 + d(7) * 100 + d(8) * 10 + d(9);
  const month = d(10) * 10 + d(11);
  const day = d(12) * 10 + d(13);
  if (!isRealDate(year, month, day)) {
    problems.push('date');
    reasons.push(`出生日期 ${formatDate(year, month, day)} 不存在（第 7–14 位应为真实的出生年月日）`);
  } else if (year * 10000 + month * 100 + day > todayKey(today)) {
    problems.push('date');
    reasons.push(`出生日期 ${formatDate(year, month, day)} 晚于今天，不可能`);
  } else if (year < 1900) {
    problems.push('date');
    reasons.push(`出生年份 ${year} 不合理`);
  }

  let expectedCheck: string | undefined;
  if (kind !== 'resident15') {
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += d(i) * (WEIGHTS[i] ?? 0);
    const expected = CHECK_CODES[sum % 11] ?? 0;
    if (buf[17] !== expected) {
      expectedCheck = String.fromCharCode(expected);
      problems.push('check');
      reasons.push(
        `校验位不对：按前 17 位计算末位应为 ${expectedCheck}，这里是 ${String.fromCharCode(buf[17] ?? 0)}（多半是有数字输错或前后颠倒）`,
      );
    }
  }

  if (problems.length > 0) {
    const result: IdCheck = { input, idNumber, valid: false, kind, problems, reasons };
    if (expectedCheck !== undefined) result.expectedCheck = expectedCheck;
    return result;
  }
  return {
    input,
    idNumber,
    valid: true,
    kind,
    problems,
    reasons,
    sex: d(16) % 2 === 1 ? '男' : '女',
    birthDate: formatDate(year, month, day),
  };
}

/**
 * Why `input` (from `start`, after a `T`) is rejected when it is longer than any ID and holds exactly one valid
 * one with characters glued before or after it ("11010519491231002X1", "AB110…"): which characters are extra,
 * as typed; undefined when there is no such reading. The number is never cut to that ID: the person is told and
 * types it again. A 15-digit old ID is read only where no 18 characters could be an ID typed wrong (18 digits with
 * a real birth date), and nothing is read into 16–18 characters, which may as well be an ID with a character
 * missing or mistyped. Called only on
 * the rejection paths (it validates each window).
 */
function extraCharsReason(input: string, start: number, today: string): string | undefined {
  const typed: string[] = [];
  const codes: number[] = [];
  for (const ch of input.slice(start)) {
    const code = ch.codePointAt(0) ?? 0;
    if (isInnerSeparator(code)) continue;
    if (typed.length === MAX_KEPT) return undefined;
    const v = digitValue(code);
    typed.push(ch);
    codes.push(v >= 0 ? 48 + v : isCheckX(code) ? 88 : -1);
  }
  if (typed.length <= 18) return undefined;
  let idShaped = false;
  for (const size of [18, 15]) {
    if (size === 15 && idShaped) return undefined;
    const found: number[] = [];
    for (let a = 0; a + size <= typed.length; a++) {
      if (!isWholeId(codes, a, size)) continue;
      const check = validateIdNumber(String.fromCharCode(...codes.slice(a, a + size)), today);
      if (check.valid) found.push(a);
      else if (!check.problems.includes('date')) idShaped = true;
    }
    if (found.length > 0) return extraWords(typed, found, size, start > 0);
  }
  return undefined;
}

/** The reason naming the characters around the valid windows (starting at `found`) of `size` characters. */
function extraWords(
  typed: readonly string[],
  found: readonly number[],
  size: number,
  tNumber: boolean,
): string {
  const who = size === 15 ? '15 位旧身份证号' : tNumber ? '证书编号（T 加身份证号）' : '身份证号';
  const extra = typed.length - size;
  const a = found[0] as number;
  if (found.length > 1) return `${who}多了 ${extra} 位，无法确定是哪几位，请核对后重新输入`;
  const head = typed.slice(0, a).join('');
  const tail = typed.slice(a + size).join('');
  const where = [head === '' ? '' : `开头的「${head}」`, tail === '' ? '' : `末尾的「${tail}」`]
    .filter((part) => part !== '')
    .join('和');
  return `${who}多了 ${extra} 位：${where}`;
}

/** Whether codes[a, a + size) are digits, the last of 18 perhaps X. */
function isWholeId(codes: readonly number[], a: number, size: number): boolean {
  for (let i = a; i < a + size; i++) {
    const c = codes[i] ?? -1;
    if (!((c >= 48 && c <= 57) || (c === 88 && size === 18 && i === a + size - 1))) return false;
  }
  return true;
}

/** How many wrong characters one rejection names. */
const MAX_BAD_SHOWN = 3;

/** Why the character at `i` of `input` (position `position` of the number) is wrong, with the digit it may be. */
function badCharReason(input: string, i: number, position: number): string {
  const code = input.codePointAt(i) ?? 0;
  const ch = String.fromCodePoint(code);
  const digit = lookAlikeDigit(code);
  return digit >= 0
    ? `第 ${position} 位「${ch}」不是数字，是否应为 ${digit}？`
    : `第 ${position} 位「${ch}」不是数字：证件号只能由数字和末位的 X 组成`;
}

function rejected(
  input: string,
  idNumber: string,
  kind: IdKind | undefined,
  problem: IdProblem,
  reason: string,
): IdCheck {
  const result: IdCheck = { input, idNumber, valid: false, problems: [problem], reasons: [reason] };
  if (kind !== undefined) result.kind = kind;
  return result;
}

/** The first `n` (at most MAX_KEPT) codes of the buffer as a string. */
function bufferText(n: number): string {
  let s = '';
  for (let i = 0; i < n && i < MAX_KEPT; i++) s += String.fromCharCode(buf[i] ?? 0);
  return s;
}

function formatDate(year: number, month: number, day: number): string {
  return `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** Sex of the holder of a valid, normalised 18-character number (17th digit: odd = male). */
export function sexOfId(id: string): '男' | '女' {
  return (id.charCodeAt(16) - 48) % 2 === 1 ? '男' : '女';
}

/** Birth date `YYYY-MM-DD` of a valid, normalised 18-character number. */
export function birthDateOfId(id: string): string {
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

/** Completed years of age on `on` (`YYYY-MM-DD`) of the holder of a valid, normalised number. */
export function ageOfId(id: string, on: string): number {
  return ageOn(birthDateOfId(id), on);
}

/** Chinese name of the document a number belongs to. */
export function idKindLabel(kind: IdKind): string {
  switch (kind) {
    case 'resident':
      return '居民身份证';
    case 'resident15':
      return '15 位旧居民身份证（已转换为 18 位）';
    case 'hmt_permit':
      return '港澳台居民居住证';
    case 'foreign_permanent':
      return '外国人永久居留身份证';
    default:
      return assertNever(kind);
  }
}

/** What may be written next to a number: the name, the operation item, the kind of certificate. */
export interface QueryExtras {
  name?: string;
  item?: string;
  personType?: PersonType;
}

/** Turn a validation into a query; an invalid one keeps its reasons and is never looked up. */
export function queryFromIdCheck(check: IdCheck, extras: QueryExtras = {}): ParsedQuery {
  const query: ParsedQuery = {
    input: check.input,
    idNumber: check.idNumber,
    valid: check.valid,
    reasons: check.reasons,
  };
  if (extras.name !== undefined) query.name = extras.name;
  if (extras.item !== undefined) query.item = extras.item;
  if (extras.personType !== undefined) query.personType = extras.personType;
  return query;
}
