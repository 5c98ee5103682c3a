/**
 * Free text into queries: every ID or certificate number in one message (up to 20), each with the name, the
 * operation item and the kind of certificate written next to it. Numbers may carry inner spaces, dashes or dots
 * and full-width characters; near-misses (a digit too few, a wrong check character, a letter among the digits)
 * still become queries, so the person is told what is wrong, while phone numbers, dates and chatter give none.
 * Words pair with numbers line by line first, then segment by segment (，、；), in either order.
 */
import { CATALOGUE_WORDS } from './catalogue.js';
import type { PersonType } from './certificate.js';
import {
  digitValue,
  isAsciiLetter,
  isCheckX,
  isInnerSeparator,
  isTPrefix,
  lookAlikeDigit,
} from './id-chars.js';
import { type IdCheck, type QueryExtras, queryFromIdCheck, validateIdNumber } from './id-number.js';
import { NOT_NAME_WORDS } from './name-words.js';
import { certificateNumberHint, OTHER_CERTIFICATE_WORDS } from './other-certificates.js';
import { isHan, isNameDot, personNameOf } from './person-name.js';
import type { ParsedQuery } from './query.js';

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

/** Where texts given side by side meet (ASCII unit separator): no number runs across it, words pair across it. */
const UNIT_SEPARATOR = '\u001f';

/** The queries of several texts read side by side, each query with the index of the text it was found in. */
export interface UnitQueries extends TextQueries {
  unitOf: number[];
}

/**
 * Read texts given side by side (the arguments of a command line) as one message in which each text is its own
 * unit: a number never runs from one text into the next, while a name or an item in a text of its own pairs with
 * the number beside it (`check 张三 110…`).
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
  const spans = oncePerSegment(text, findNumberSpans(text, today), today);
  if (spans.length === 0) {
    const hint = certificateNumberHint(text);
    const none = { queries: [], dropped: 0, starts: [] };
    return hint === undefined ? none : { ...none, notice: hint };
  }
  const taken = spans.slice(0, MAX_QUERIES_PER_MESSAGE);
  const { extras, unpaired } = attachWords(text, taken, spans[MAX_QUERIES_PER_MESSAGE]?.start ?? text.length);
  const queries = taken.map((span, k) => queryFromIdCheck(span.check, extras[k]));
  const starts = taken.map((span) => span.start);
  const dropped = spans.length - taken.length;
  const notices = [
    ...(unpaired ? [UNPAIRED_NAMES_NOTICE] : []),
    ...(dropped > 0 ? [droppedNotice(dropped)] : []),
  ];
  if (notices.length === 0) return { queries, dropped, starts };
  return { queries, dropped, starts, notice: notices.join('\n') };
}

// ---------------------------------------------------------------------------------------------------------------
// Numbers

/** Where one number stands in the text. */
interface Span {
  start: number;
  end: number;
}

/** A number found, with its validation. */
interface CheckedSpan extends Span {
  check: IdCheck;
}

/**
 * The numbers validated, each once per segment of a line: the same person's ID and certificate number (`T` +
 * ID) written side by side are one query.
 */
function oncePerSegment(text: string, spans: readonly Span[], today: string): CheckedSpan[] {
  const kept: CheckedSpan[] = [];
  let segment = new Set<string>();
  let from = 0;
  for (const span of spans) {
    if (dividesSegments(text, from, span.start)) segment = new Set();
    from = span.end;
    const check = validateIdNumber(text.slice(span.start, span.end), today);
    if (segment.has(check.idNumber)) continue;
    segment.add(check.idNumber);
    kept.push({ ...span, check });
  }
  return kept;
}

/** Whether text[from, to) holds a line break or a segment mark. */
function dividesSegments(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const ch = text[i] ?? '';
    if (ch === '\n' || ch === '\r' || SEGMENT_MARKS.includes(ch)) return true;
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
      const stray = length > 0 ? strayLength(text, i) : 0;
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

// ---------------------------------------------------------------------------------------------------------------
// Words next to the numbers

type WordKind = 'filler' | 'ptype';
interface DictWord {
  word: string;
  kind: WordKind;
  personType?: PersonType;
}

/** Words that split a run of Han characters: labels and chatter (ignored) and kinds of certificate. */
const SPLIT_WORDS: readonly DictWord[] = [
  ...(['主要负责人', '企业负责人', '负责人'] as const).map((word) => ptype(word, 'principal')),
  ...(['安全生产管理人员', '安全管理人员', '安全管理', '安管人员', '安管', '安全员'] as const).map((word) =>
    ptype(word, 'manager'),
  ),
  ...(['特种作业操作证', '特种作业人员', '特种作业'] as const).map((word) => ptype(word, 'special')),
  ...[
    '名字',
    '身份证号码',
    '身份证号',
    '证件号码',
    '证件号',
    '证书编号',
    '证书号',
    '证号',
    '编号',
    '号码',
    '操作证',
    '工种',
    '操作项目',
    '作业类别',
    '帮我查一下',
    '帮我查下',
    '帮我查',
    '帮忙查一下',
    '帮忙查',
    '查一下',
    '查下',
    '核验一下',
    '核查',
    '请问',
    '请',
    '一下',
    '这个人',
    '的',
    '吗',
    ...NOT_NAME_WORDS,
  ].map((word): DictWord => ({ word, kind: 'filler' })),
];

function ptype(word: string, personType: PersonType): DictWord {
  return { word, kind: 'ptype', personType };
}

/** Split words by first char code, longest first. */
const SPLIT_BY_FIRST = new Map<number, DictWord[]>();
for (const w of [...SPLIT_WORDS].sort((a, b) => b.word.length - a.word.length)) {
  const code = w.word.charCodeAt(0);
  SPLIT_BY_FIRST.set(code, [...(SPLIT_BY_FIRST.get(code) ?? []), w]);
}

/** Item words made only of Han characters (the ones that can occur inside a run), other ministries' too. */
const ITEM_WORDS = new Set(
  [...CATALOGUE_WORDS, ...OTHER_CERTIFICATE_WORDS].filter((w) =>
    [...w].every((ch) => isHan(ch.charCodeAt(0))),
  ),
);
const LONGEST_ITEM = Math.max(...[...ITEM_WORDS].map((w) => w.length));

/** A word found between numbers. */
type Token = (
  | { kind: 'name'; text: string }
  | { kind: 'item'; text: string }
  | { kind: 'ptype'; personType: PersonType }
) & {
  /** Where it starts in the text. */
  at: number;
};

/** The words of each number, and whether names had to be left off because they could not be paired. */
interface Attached {
  extras: QueryExtras[];
  unpaired: boolean;
}

/**
 * Name, item and kind of certificate for each number, by where they stand around it. What stands between two
 * numbers is divided at the first line break, else at the first segment mark (，、；), else — with names
 * written before their numbers ("张三 110… 李四 120…") — just before the next name; else it all trails the first.
 * Each number takes the nearest name before it, or else the first name after it, so lines may be written in
 * either order. A kind written before the first name ("这几个负责人：…") applies to every number naming none.
 * A list of names beside a list of numbers ("张伟、王芳：110…、120…") is not guessed at: those numbers get no name.
 */
function attachWords(text: string, spans: readonly Span[], tailEnd: number): Attached {
  const gaps: Token[][] = [];
  for (let k = 0; k <= spans.length; k++) {
    const from = k === 0 ? 0 : (spans[k - 1] as Span).end;
    const to = k === spans.length ? tailEnd : (spans[k] as Span).start;
    gaps.push(tokenise(text, from, to));
  }
  const before: Token[][] = [gaps[0] as Token[]];
  const after: Token[][] = [];
  for (let k = 1; k < spans.length; k++) {
    const from = (spans[k - 1] as Span).end;
    const tokens = gaps[k] as Token[];
    const namesLead = lastNameIndex(before[k - 1] as Token[]) >= 0;
    const cut = gapCut(text, from, (spans[k] as Span).start, tokens, namesLead);
    after.push(tokens.filter((t) => t.at < cut));
    before.push(tokens.filter((t) => t.at >= cut));
  }
  after.push(gaps[spans.length] as Token[]);

  const first = gaps[0] as Token[];
  const nearest = lastNameIndex(first);
  const leadingType = firstPersonType(nearest >= 0 ? first.slice(0, nearest) : first);
  const unpaired = listedApart(before, after);
  const extras = spans.map((_, k) => {
    const own = [...(after[k] as Token[]), ...(before[k] as Token[])];
    const mine = before[k] as Token[];
    const name = mine[lastNameIndex(mine)] ?? (after[k] as Token[]).find((t) => t.kind === 'name');
    const result: QueryExtras = {};
    if (name?.kind === 'name' && !unpaired.has(k)) result.name = name.text;
    const item = own.find((t) => t.kind === 'item');
    if (item?.kind === 'item') result.item = item.text;
    const personType = firstPersonType(own) ?? leadingType;
    if (personType !== undefined) result.personType = personType;
    return result;
  });
  return { extras, unpaired: unpaired.size > 0 };
}

/** Marks that end a segment of a line. */
const SEGMENT_MARKS = '，,、；;。';

/** Where text[from, to) between two numbers divides: tokens before the cut trail the first number. */
function gapCut(
  text: string,
  from: number,
  to: number,
  tokens: readonly Token[],
  namesLead: boolean,
): number {
  for (let i = from; i < to; i++) if (text[i] === '\n' || text[i] === '\r') return i;
  for (let i = from; i < to; i++) if (SEGMENT_MARKS.includes(text[i] ?? '')) return i;
  let cut = lastNameIndex(tokens);
  if (!namesLead || cut < 0) return to;
  while (cut > 0 && tokens[cut - 1]?.kind === 'ptype') cut--;
  return (tokens[cut] as Token).at;
}

/**
 * Numbers written as a list beside a list of names: two or more numbers with no name between them, with two or
 * more names just before the first or just after the last (each side as divided in attachWords).
 */
function listedApart(before: readonly Token[][], after: readonly Token[][]): Set<number> {
  const names = (tokens: readonly Token[] | undefined) =>
    (tokens ?? []).filter((t) => t.kind === 'name').length;
  const unpaired = new Set<number>();
  let k = 0;
  while (k < before.length) {
    let end = k;
    while (end + 1 < before.length && names(after[end]) + names(before[end + 1]) === 0) end++;
    if (end > k && (names(before[k]) >= 2 || names(after[end]) >= 2))
      for (let i = k; i <= end; i++) unpaired.add(i);
    k = end + 1;
  }
  return unpaired;
}

function lastNameIndex(tokens: readonly Token[]): number {
  for (let i = tokens.length - 1; i >= 0; i--) if (tokens[i]?.kind === 'name') return i;
  return -1;
}

function firstPersonType(tokens: readonly Token[]): PersonType | undefined {
  for (const t of tokens) if (t.kind === 'ptype') return t.personType;
  return undefined;
}

/** Whether the code is a space between the characters of one name ("张 伟", "黄　勇", `check 张 伟 …`). */
function isNameSpace(code: number): boolean {
  return (
    code === 32 || code === 0x3000 || code === 0xa0 || code === 9 || code === UNIT_SEPARATOR.charCodeAt(0)
  );
}

/** Names, items and kinds of certificate in text[from, to), in order. */
function tokenise(text: string, from: number, to: number): Token[] {
  const runs: { at: number; text: string }[] = [];
  let runStart = -1;
  for (let i = from; i <= to; i++) {
    const c = i < to ? text.charCodeAt(i) : 0;
    const inRun = i < to && (isHan(c) || (runStart >= 0 && isNameDot(c)));
    if (inRun) {
      if (runStart < 0) runStart = i;
    } else if (runStart >= 0) {
      runs.push({ at: runStart, text: text.slice(runStart, i) });
      runStart = -1;
    }
  }
  const tokens: Token[] = [];
  for (let r = 0; r < runs.length; r++) {
    let run = runs[r] as { at: number; text: string };
    for (;;) {
      const next = runs[r + 1];
      if (next === undefined || !spacedName(text, run, next)) break;
      run = { at: run.at, text: run.text + next.text };
      r++;
    }
    splitRun(run.text, run.at, tokens);
  }
  return tokens;
}

/**
 * Whether `next` continues the name in `run` across spaces: one of them is a single character and together
 * they make at most 4 ("张 伟", "欧阳 娜"), so "张三 李四" stays two names.
 */
function spacedName(text: string, run: { at: number; text: string }, next: { at: number; text: string }) {
  const gap = text.slice(run.at + run.text.length, next.at);
  if (gap.length === 0 || ![...gap].every((ch) => isNameSpace(ch.charCodeAt(0)))) return false;
  return (run.text.length === 1 || next.text.length === 1) && run.text.length + next.text.length <= 4;
}

/** Split one Han run (starting at `at` in the text) at labels, chatter and kind words; decompose the rest. */
function splitRun(run: string, at: number, tokens: Token[]): void {
  let pieceStart = 0;
  let i = 0;
  while (i < run.length) {
    const match = splitWordAt(run, i);
    if (match === undefined) {
      i++;
      continue;
    }
    if (i > pieceStart) decompose(run.slice(pieceStart, i), at + pieceStart, tokens);
    if (match.kind === 'ptype' && match.personType !== undefined)
      tokens.push({ kind: 'ptype', personType: match.personType, at: at + i });
    i += match.word.length;
    pieceStart = i;
  }
  if (run.length > pieceStart) decompose(run.slice(pieceStart), at + pieceStart, tokens);
}

function splitWordAt(run: string, i: number): DictWord | undefined {
  const candidates = SPLIT_BY_FIRST.get(run.charCodeAt(i));
  if (candidates === undefined) return undefined;
  for (const w of candidates) if (run.startsWith(w.word, i)) return w;
  return undefined;
}

/**
 * A piece as items and a name: a whole item word, an item word before or after a name ("张三低压电工"), or a
 * name. Pieces that are neither (chatter) add nothing.
 */
function decompose(piece: string, at: number, tokens: Token[]): boolean {
  if (ITEM_WORDS.has(piece)) {
    tokens.push({ kind: 'item', text: piece, at });
    return true;
  }
  for (let k = Math.min(LONGEST_ITEM, piece.length - 1); k >= 2; k--) {
    const head = piece.slice(0, k);
    if (ITEM_WORDS.has(head) && isNameOrItems(piece.slice(k))) {
      tokens.push({ kind: 'item', text: head, at });
      return decompose(piece.slice(k), at + k, tokens);
    }
    const tail = piece.slice(piece.length - k);
    if (ITEM_WORDS.has(tail) && isNameOrItems(piece.slice(0, piece.length - k))) {
      decompose(piece.slice(0, piece.length - k), at, tokens);
      tokens.push({ kind: 'item', text: tail, at: at + piece.length - k });
      return true;
    }
  }
  const name = personNameOf(piece, { requireSurname: true });
  if (name === undefined) return false;
  tokens.push({ kind: 'name', text: name, at });
  return true;
}

function isNameOrItems(piece: string): boolean {
  return decompose(piece, 0, []);
}

/**
 * The words of a text that holds no number (a name, an item, a kind of certificate), as they would be paired
 * with a number written beside it: lets a caller join such a text to its neighbour (`check 张三 110…`).
 */
export function wordsOf(text: string): QueryExtras {
  const tokens = tokenise(text, 0, text.length);
  const words: QueryExtras = {};
  const name = tokens.find((t) => t.kind === 'name');
  if (name?.kind === 'name') words.name = name.text;
  const item = tokens.find((t) => t.kind === 'item');
  if (item?.kind === 'item') words.item = item.text;
  const personType = firstPersonType(tokens);
  if (personType !== undefined) words.personType = personType;
  return words;
}
