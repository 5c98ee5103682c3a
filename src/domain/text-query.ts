/**
 * Free text into queries: every ID or certificate number in one message (up to 20), each with the name, the
 * operation item and the kind of certificate written next to it. Numbers may carry inner spaces, dashes or dots
 * and full-width characters; near-misses (a digit too few, a wrong check character, a letter among the digits)
 * still become queries, so the person is told what is wrong, while phone numbers, dates and chatter give none;
 * letters or digits glued onto a number are part of it (it is then told which are extra), never cut off.
 * Words pair with numbers line by line first, then segment by segment (，、；), in either order (text-words.ts).
 * A `T` number (certificate number) beside the one bare ID of its segment is that person's `certNumber`.
 */
import {
  digitValue,
  isAsciiLetter,
  isCheckX,
  isInnerSeparator,
  isTPrefix,
  lookAlikeDigit,
} from './id-chars.js';
import { type IdCheck, type QueryExtras, queryFromIdCheck, validateIdNumber } from './id-number.js';
import { certificateNumberHint } from './other-certificates.js';
import type { ParsedQuery } from './query.js';
import { attachWords, SEGMENT_MARKS, type Span, UNIT_SEPARATOR } from './text-words.js';

/** At most this many numbers are taken from one message. */
export const MAX_QUERIES_PER_MESSAGE = 20;

/** The queries found in one message. */
export interface TextQueries {
  /** In the order the numbers appear. */
  queries: ParsedQuery[];
  /** Numbers beyond MAX_QUERIES_PER_MESSAGE, not taken. */
  dropped: number;
  /**
   * Chinese notice to show beside the answers: numbers were dropped, names could not be paired with numbers,
   * or (with no query) the message holds a certificate number the platform is not asked by.
   */
  notice?: string;
}

/** The notice when numbers beyond the limit were not taken. */
function droppedNotice(dropped: number): string {
  return `一条消息最多核验 ${MAX_QUERIES_PER_MESSAGE} 个号码，另有 ${dropped} 个没有处理，请分开发送`;
}

/** The notice when a list of names came before (or after) a list of numbers. */
export const UNPAIRED_NAMES_NOTICE =
  '先写了几个姓名、再写了几个证件号，无法确定哪个姓名对应哪个证件号，这些证件号暂不带姓名核验；请每行写一人，例如：张三 11010519491231002X';

/**
 * Find every number in `text` and build its query; `today` (`YYYY-MM-DD`) bounds birth dates. Chatter gives
 * no query (an empty list), which callers answer with help rather than an error.
 */
export function parseTextQueries(text: string, today: string): TextQueries {
  const { queries, dropped, notice } = parseWithStarts(text, today);
  return notice === undefined ? { queries, dropped } : { queries, dropped, notice };
}

/** The queries of several texts read side by side, each query with the index of the text it was found in. */
export interface UnitQueries extends TextQueries {
  unitOf: number[];
}

/**
 * Read texts given side by side (the arguments of a command line) as one message in which each text is its own
 * unit: a number never runs from one text into the next, and the words of a text with a number stay with its
 * numbers (`赵强110…`, `孙丽，420…`), while a name or an item in a text of its own pairs with the number beside
 * it (`check 张三 110…`). Each text is its own segment: a `T` number in a text of its own is its own query.
 */
export function parseTextUnits(texts: readonly string[], today: string): UnitQueries {
  const text = texts.join(UNIT_SEPARATOR);
  const { starts, ...found } = parseWithStarts(text, today);
  const unitOf = starts.map((start) => {
    let unit = 0;
    for (let i = text.indexOf(UNIT_SEPARATOR); i >= 0 && i < start; i = text.indexOf(UNIT_SEPARATOR, i + 1))
      unit++;
    return unit;
  });
  return { ...found, unitOf };
}

function parseWithStarts(text: string, today: string): TextQueries & { starts: number[] } {
  const spans = oncePerSegment(text, withGluedCharacters(text, findNumberSpans(text, today)), today);
  if (spans.length === 0) {
    const hint = certificateNumberHint(text);
    const none = { queries: [], dropped: 0, starts: [] };
    return hint === undefined ? none : { ...none, notice: hint };
  }
  const taken = spans.slice(0, MAX_QUERIES_PER_MESSAGE);
  const { extras, unpaired } = attachWords(text, taken, spans[MAX_QUERIES_PER_MESSAGE]?.start ?? text.length);
  const merged = presentedNumbers(
    taken.map((span, k) => ({ span, query: queryOf(span, extras[k]) })),
    spans,
  );
  const queries = merged.map((m) => m.query);
  const starts = merged.map((m) => m.span.start);
  const dropped = spans.length - taken.length;
  const notices = [
    ...(unpaired ? [UNPAIRED_NAMES_NOTICE] : []),
    ...(dropped > 0 ? [droppedNotice(dropped)] : []),
  ];
  if (notices.length === 0) return { queries, dropped, starts };
  return { queries, dropped, starts, notice: notices.join('\n') };
}

/** The query of a number, with the words beside it and the certificate number presented. */
function queryOf(span: CheckedSpan, extras: QueryExtras | undefined): ParsedQuery {
  const query = queryFromIdCheck(span.check, extras);
  if (span.certNumber !== undefined) query.certNumber = span.certNumber;
  return query;
}

/** A query with the span it was read from. */
interface SpanQuery {
  span: CheckedSpan;
  query: ParsedQuery;
}

/**
 * The queries with each certificate number that differs from the ID beside it folded into that person's query:
 * a `T` number written in the segment of exactly one valid bare ID, with no other name than that person's, is
 * the number of the card the asker holds for him (`张三 110… T999…`: a sign of a forged card), not a second
 * person. Where the segment holds several people, or another name stands by the `T` number, it stays a query.
 */
function presentedNumbers(found: readonly SpanQuery[], spans: readonly CheckedSpan[]): SpanQuery[] {
  const folded = new Set<SpanQuery>();
  for (const item of found) {
    if (!item.span.tNumber) continue;
    const bare = loneBareId(spans, item.span.segment);
    const owner = found.find((k) => k.span === bare)?.query;
    const { query } = item;
    if (owner === undefined || !owner.valid || owner.certNumber !== undefined) continue;
    if (query.name !== undefined && owner.name !== undefined && query.name !== owner.name) continue;
    owner.certNumber = query.certNumber;
    if (owner.name === undefined && query.name !== undefined) owner.name = query.name;
    if (owner.item === undefined && query.item !== undefined) owner.item = query.item;
    if (owner.personType === undefined && query.personType !== undefined) owner.personType = query.personType;
    folded.add(item);
  }
  return found.filter((item) => !folded.has(item));
}

/** The one number of the segment written without `T`, when there is exactly one. */
function loneBareId(spans: readonly CheckedSpan[], segment: number): CheckedSpan | undefined {
  const bare = spans.filter((s) => s.segment === segment && !s.tNumber);
  return bare.length === 1 ? bare[0] : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Numbers

/** A number found, with its validation. */
interface CheckedSpan extends Span {
  check: IdCheck;
  /** Which segment of the text it stands in (line, segment mark, text of its own). */
  segment: number;
  /** Whether it was written with `T` and 18 characters after it: a certificate number. */
  tNumber: boolean;
  /** The certificate number presented for this person: its own (a `T` number) or one beside it. */
  certNumber: string | undefined;
}

/**
 * The numbers validated, each once per segment of a line: the same person's ID and certificate number (`T` +
 * ID) written side by side are one query, which keeps the certificate number.
 */
function oncePerSegment(text: string, spans: readonly Span[], today: string): CheckedSpan[] {
  const kept: CheckedSpan[] = [];
  let segment = 0;
  let inSegment = new Map<string, CheckedSpan>();
  let from = 0;
  for (const span of spans) {
    if (dividesSegments(text, from, span.start)) {
      segment++;
      inSegment = new Map();
    }
    from = span.end;
    const check = validateIdNumber(text.slice(span.start, span.end), today);
    const certNumber = certNumberOf(check);
    const tNumber = certNumber !== undefined;
    const same = inSegment.get(check.idNumber);
    if (same === undefined) {
      const found: CheckedSpan = { start: span.start, end: span.end, check, segment, tNumber, certNumber };
      kept.push(found);
      inSegment.set(check.idNumber, found);
    } else {
      // A T number beside its own ID is that person's: no longer one to fold into another's.
      same.tNumber &&= tNumber;
      if (same.certNumber === undefined && certNumber !== undefined) same.certNumber = certNumber;
    }
  }
  return kept;
}

/** The certificate number of a `T` number of 18 characters (upper-case, separators removed), else undefined. */
function certNumberOf(check: IdCheck): string | undefined {
  const written = check.input.charCodeAt(0);
  if (!isTPrefix(written) || check.kind === undefined || check.kind === 'resident15') return undefined;
  return `T${check.idNumber}`;
}

/** Whether text[from, to) holds a line break, a segment mark or the end of a text given on its own. */
function dividesSegments(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const ch = text[i] ?? '';
    if (ch === '\n' || ch === '\r' || ch === UNIT_SEPARATOR || SEGMENT_MARKS.includes(ch)) return true;
  }
  return false;
}

/** A maximal run of digits, perhaps with a `T` before it and an `X` after it. */
interface Group {
  start: number;
  end: number;
  /** Digits plus the X. */
  length: number;
  hasT: boolean;
  endsX: boolean;
  /** Whether the next group continues this number across 1–3 separator characters. */
  joinsNext: boolean;
}

const ID_LENGTH = 18;
const OLD_ID_LENGTH = 15;
/** A run this long that is no exact ID is a near-miss worth telling the person about (17 digits, 19 digits…). */
const NEAR_MISS_MIN = 16;
const NEAR_MISS_MAX = 20;
/** A `T` number this long is a certificate number typed wrong. */
const T_NEAR_MISS_MIN = 10;
const MAX_GAP = 3;

/**
 * Spans of the numbers in `text`, in order. Groups joined by separators are read as one number when their
 * digits make exactly 18 (or 15); where a run could be cut several ways ("138 0013 8000 110105 19491231 002X"),
 * the first cut that passes validation wins.
 */
function findNumberSpans(text: string, today: string): Span[] {
  const groups = findGroups(text);
  const spans: Span[] = [];
  let i = 0;
  while (i < groups.length) {
    const end = accumulate(groups, i);
    const exact = bestExactStart(text, groups, i, end, today);
    if (exact >= 0) {
      const exactEnd = accumulate(groups, exact);
      spans.push({ start: (groups[exact] as Group).start, end: (groups[exactEnd] as Group).end });
      i = exactEnd + 1;
      continue;
    }
    const total = sumLengths(groups, i, end);
    const hasT = (groups[i] as Group).hasT;
    if ((total >= NEAR_MISS_MIN || (hasT && total >= T_NEAR_MISS_MIN)) && total <= NEAR_MISS_MAX) {
      spans.push({ start: (groups[i] as Group).start, end: (groups[end] as Group).end });
      i = end + 1;
      continue;
    }
    i++;
  }
  return spans;
}

/**
 * The spans widened over the letters and digits glued to them ("11010519491231002X1", "AB110…"), up to the
 * next number's: what is glued on is part of what was typed, so the number is told it has extra characters
 * (id-number.ts) instead of being cut silently to the ID inside it. Two numbers glued together stay two.
 */
function withGluedCharacters(text: string, spans: readonly Span[]): Span[] {
  return spans.map((span, k) => {
    const low = k === 0 ? 0 : (spans[k - 1] as Span).end;
    const high = (spans[k + 1] as Span | undefined)?.start ?? text.length;
    let { start, end } = span;
    while (start > low && isGlued(text.charCodeAt(start - 1))) start--;
    while (end < high && isGlued(text.charCodeAt(end))) end++;
    return start === span.start && end === span.end ? span : { start, end };
  });
}

/** Whether the code is a letter or digit (ASCII or full-width), which glues onto a number written beside it. */
function isGlued(code: number): boolean {
  return (
    digitValue(code) >= 0 ||
    isAsciiLetter(code) ||
    (code >= 0xff21 && code <= 0xff5a && (code <= 0xff3a || code >= 0xff41))
  );
}

/** Digit groups of the text, each marked with whether the next one continues it. */
function findGroups(text: string): Group[] {
  const groups: Group[] = [];
  const len = text.length;
  let i = 0;
  while (i < len) {
    const c = text.charCodeAt(i);
    const startsT =
      isTPrefix(c) &&
      i + 1 < len &&
      digitValue(text.charCodeAt(i + 1)) >= 0 &&
      !(i > 0 && isAsciiLetter(text.charCodeAt(i - 1)));
    if (!startsT && digitValue(c) < 0) {
      i++;
      continue;
    }
    const start = i;
    if (startsT) i++;
    let length = 0;
    for (;;) {
      if (i < len && digitValue(text.charCodeAt(i)) >= 0) {
        length++;
        i++;
        continue;
      }
      // An X after 17 digits is the check character, even when another number is glued to it.
      const checkX = length === 17 && i < len && isCheckX(text.charCodeAt(i));
      const stray = length > 0 && !checkX ? strayLength(text, i) : 0;
      if (stray === 0) break;
      length += stray;
      i += stray;
    }
    let endsX = false;
    if (i < len && isCheckX(text.charCodeAt(i)) && !(i + 1 < len && isAsciiLetter(text.charCodeAt(i + 1)))) {
      endsX = true;
      length++;
      i++;
    }
    const previous = groups[groups.length - 1];
    if (previous !== undefined)
      previous.joinsNext = !previous.endsX && !startsT && onlySeparators(text, previous.end, start);
    groups.push({ start, end: i, length, hasT: startsT, endsX, joinsNext: false });
  }
  return withoutDates(text, groups);
}

/** Characters that separate the parts of a written date (2025-03-10, 2025.3.10). */
const DATE_SEPARATORS = '-.－．/';

/**
 * The groups without the dates written among them ("2025-03-10 2031-03-10" on a pasted line is no ID number). A
 * year joined to the group before it by a dash or dot is part of a number (110105-1949-12-31-002X), not a date.
 */
function withoutDates(text: string, groups: Group[]): Group[] {
  const kept: Group[] = [];
  for (let i = 0; i < groups.length; i++) {
    const previous = kept[kept.length - 1];
    const joinedFromBefore =
      previous?.joinsNext === true && text.slice(previous.end, (groups[i] as Group).start).trim() !== '';
    if (!joinedFromBefore && isDateAt(text, groups, i)) {
      if (previous !== undefined) previous.joinsNext = false;
      i += 2;
      continue;
    }
    kept.push(groups[i] as Group);
  }
  return kept;
}

/** Whether groups i, i+1, i+2 read as year, month and day with one date separator between them. */
function isDateAt(text: string, groups: readonly Group[], i: number): boolean {
  const [year, month, day] = [groups[i], groups[i + 1], groups[i + 2]];
  if (year === undefined || month === undefined || day === undefined) return false;
  if (year.hasT || year.length !== 4 || month.length > 2 || day.length > 2) return false;
  const sep = text.slice(year.end, month.start);
  if (sep.length !== 1 || !DATE_SEPARATORS.includes(sep) || text.slice(month.end, day.start) !== sep)
    return false;
  const y = numberOf(text, year);
  const m = numberOf(text, month);
  const d = numberOf(text, day);
  return y >= 1900 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/** The value of a group of plain digits, or -1 when it holds anything else. */
function numberOf(text: string, group: Group): number {
  let value = 0;
  for (let i = group.start; i < group.end; i++) {
    const v = digitValue(text.charCodeAt(i));
    if (v < 0) return -1;
    value = value * 10 + v;
  }
  return value;
}

/** A stray letter among digits is read as part of the number (O for 0, l for 1): at most this many in a row. */
const MAX_STRAY = 2;

/**
 * How many characters from `i` are letters standing among digits ("110105194912310O2X"), so the number is told
 * what is wrong instead of being dropped; 0 when none (or when a digit does not follow them).
 */
function strayLength(text: string, i: number): number {
  let k = 0;
  while (k < MAX_STRAY && i + k < text.length && isStray(text.charCodeAt(i + k))) k++;
  return k > 0 && i + k < text.length && digitValue(text.charCodeAt(i + k)) >= 0 ? k : 0;
}

function isStray(code: number): boolean {
  return isAsciiLetter(code) || lookAlikeDigit(code) >= 0 || (code >= 0xff21 && code <= 0xff5a);
}

function onlySeparators(text: string, from: number, to: number): boolean {
  if (to - from < 1 || to - from > MAX_GAP) return false;
  for (let i = from; i < to; i++) if (!isInnerSeparator(text.charCodeAt(i))) return false;
  return true;
}

/** Last group index of the longest run from `i` whose digits stay within 18 (one oversized group stands alone). */
function accumulate(groups: Group[], i: number): number {
  let end = i;
  let total = (groups[i] as Group).length;
  for (;;) {
    const current = groups[end] as Group;
    const next = groups[end + 1];
    if (!current.joinsNext || next === undefined || total + next.length > ID_LENGTH) return end;
    total += next.length;
    end++;
  }
}

function sumLengths(groups: Group[], from: number, to: number): number {
  let total = 0;
  for (let k = from; k <= to; k++) total += (groups[k] as Group).length;
  return total;
}

/** The start in [i, end] whose groups make exactly 18 or 15 digits, valid ones first; -1 when none. */
function bestExactStart(text: string, groups: Group[], i: number, end: number, today: string): number {
  let firstExact = -1;
  for (let j = i; j <= end; j++) {
    const jEnd = accumulate(groups, j);
    const total = sumLengths(groups, j, jEnd);
    const last = groups[jEnd] as Group;
    if (total !== ID_LENGTH && (total !== OLD_ID_LENGTH || last.endsX)) continue;
    if (j === jEnd && j === i) return j;
    if (validateIdNumber(text.slice((groups[j] as Group).start, last.end), today).valid) return j;
    if (firstExact < 0) firstExact = j;
  }
  return firstExact;
}
