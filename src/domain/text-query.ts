/**
 * Free text into queries: every ID or certificate number in one message (up to 20), each with the name, the
 * operation item and the kind of certificate written next to it. Numbers may carry inner spaces, dashes or dots
 * and full-width characters; near-misses (a digit too few, a wrong check character) still become queries, so
 * the person is told what is wrong, while phone numbers, dates and chatter give none.
 */
import { CATALOGUE_WORDS } from './catalogue.js';
import type { PersonType } from './certificate.js';
import { digitValue, isAsciiLetter, isCheckX, isInnerSeparator, isTPrefix } from './id-chars.js';
import { type QueryExtras, queryFromIdCheck, validateIdNumber } from './id-number.js';
import type { ParsedQuery } from './query.js';

/** At most this many numbers are taken from one message. */
export const MAX_QUERIES_PER_MESSAGE = 20;

/** The queries found in one message. */
export interface TextQueries {
  /** In the order the numbers appear. */
  queries: ParsedQuery[];
  /** Numbers beyond MAX_QUERIES_PER_MESSAGE, not taken. */
  dropped: number;
  /** Chinese notice to show when numbers were dropped. */
  notice?: string;
}

/**
 * Find every number in `text` and build its query; `today` (`YYYY-MM-DD`) bounds birth dates. Chatter gives
 * no query (an empty list), which callers answer with help rather than an error.
 */
export function parseTextQueries(text: string, today: string): TextQueries {
  const spans = findNumberSpans(text, today);
  if (spans.length === 0) return { queries: [], dropped: 0 };
  const taken = spans.slice(0, MAX_QUERIES_PER_MESSAGE);
  const extras = attachWords(text, taken, spans[MAX_QUERIES_PER_MESSAGE]?.start ?? text.length);
  const queries = taken.map((span, k) =>
    queryFromIdCheck(validateIdNumber(text.slice(span.start, span.end), today), extras[k]),
  );
  const dropped = spans.length - taken.length;
  if (dropped === 0) return { queries, dropped };
  return {
    queries,
    dropped,
    notice: `一条消息最多核验 ${MAX_QUERIES_PER_MESSAGE} 个号码，另有 ${dropped} 个没有处理，请分开发送`,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Numbers

/** Where one number stands in the text. */
interface Span {
  start: number;
  end: number;
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
    while (i < len && digitValue(text.charCodeAt(i)) >= 0) {
      length++;
      i++;
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
  return groups;
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
    '姓名',
    '名字',
    '身份证号码',
    '身份证号',
    '身份证',
    '证件号码',
    '证件号',
    '证书编号',
    '证书号',
    '证号',
    '编号',
    '号码',
    '证书',
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
    '查询',
    '核验一下',
    '核验',
    '核查',
    '请问',
    '请',
    '麻烦',
    '您好',
    '你好',
    '谢谢',
    '一下',
    '这个人',
    '的',
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

/** Item words made only of Han characters (the ones that can occur inside a run). */
const ITEM_WORDS = new Set(CATALOGUE_WORDS.filter((w) => [...w].every((ch) => isHan(ch.charCodeAt(0)))));
const LONGEST_ITEM = Math.max(...[...ITEM_WORDS].map((w) => w.length));
const MAX_DOTTED_NAME = 20;

function isHan(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf);
}

/** The middle dot of ethnic names, in its usual look-alikes. */
function isNameDot(code: number): boolean {
  return (
    code === 0xb7 ||
    code === 0x2022 ||
    code === 0x30fb ||
    code === 0x2027 ||
    code === 0xff0e ||
    code === 0x22c5
  );
}

/** A word found between numbers. */
type Token = (
  | { kind: 'name'; text: string }
  | { kind: 'item'; text: string }
  | { kind: 'ptype'; personType: PersonType }
) & {
  /** Where it starts in the text. */
  at: number;
};

/**
 * Name, item and kind of certificate for each number, by where they stand around it. When the first number has
 * a name before it, every number takes the name nearest before it ("张三 110… 低压电工，李四 120…"); otherwise
 * the first name after it ("110… 张三\n120… 李四"). Between two numbers, a line break (or else the next name,
 * with a kind written just before it) divides what trails the first from what leads to the second. A kind
 * written before the first name ("这几个负责人：…") applies to every number that names none.
 */
function attachWords(text: string, spans: Span[], tailEnd: number): QueryExtras[] {
  const before: Token[][] = spans.map(() => []);
  const after: Token[][] = spans.map(() => []);
  let namesBefore = false;
  let leadingType: PersonType | undefined;
  for (let k = 0; k <= spans.length; k++) {
    const from = k === 0 ? 0 : (spans[k - 1] as Span).end;
    const to = k === spans.length ? tailEnd : (spans[k] as Span).start;
    const tokens = tokenise(text, from, to);
    if (k === 0) {
      const nearest = lastNameIndex(tokens);
      namesBefore = nearest >= 0;
      leadingType = firstPersonType(namesBefore ? tokens.slice(0, nearest) : tokens);
      before[0]?.push(...tokens);
    } else if (k === spans.length || !namesBefore) {
      after[k - 1]?.push(...tokens);
    } else {
      const cut = leadCut(text, from, to, tokens);
      after[k - 1]?.push(...tokens.slice(0, cut));
      before[k]?.push(...tokens.slice(cut));
    }
  }
  return spans.map((_, k) => {
    const own = [...(after[k] as Token[]), ...(before[k] as Token[])];
    const names = (namesBefore ? before[k] : after[k]) as Token[];
    const name = namesBefore ? names[lastNameIndex(names)] : names.find((t) => t.kind === 'name');
    const extras: QueryExtras = {};
    if (name?.kind === 'name') extras.name = name.text;
    const item = own.find((t) => t.kind === 'item');
    if (item?.kind === 'item') extras.item = item.text;
    const personType = firstPersonType(own) ?? leadingType;
    if (personType !== undefined) extras.personType = personType;
    return extras;
  });
}

/** Index of the first token of the stretch text[from, to) that leads to the next number. */
function leadCut(text: string, from: number, to: number, tokens: readonly Token[]): number {
  const lineBreak = text.lastIndexOf('\n', to - 1);
  if (lineBreak >= from) {
    const cut = tokens.findIndex((t) => t.at > lineBreak);
    return cut < 0 ? tokens.length : cut;
  }
  let cut = lastNameIndex(tokens);
  if (cut < 0) return tokens.length;
  while (cut > 0 && tokens[cut - 1]?.kind === 'ptype') cut--;
  return cut;
}

function lastNameIndex(tokens: readonly Token[]): number {
  for (let i = tokens.length - 1; i >= 0; i--) if (tokens[i]?.kind === 'name') return i;
  return -1;
}

function firstPersonType(tokens: readonly Token[]): PersonType | undefined {
  for (const t of tokens) if (t.kind === 'ptype') return t.personType;
  return undefined;
}

/** Names, items and kinds of certificate in text[from, to), in order. */
function tokenise(text: string, from: number, to: number): Token[] {
  const tokens: Token[] = [];
  let runStart = -1;
  for (let i = from; i <= to; i++) {
    const c = i < to ? text.charCodeAt(i) : 0;
    const inRun = i < to && (isHan(c) || (runStart >= 0 && isNameDot(c)));
    if (inRun) {
      if (runStart < 0) runStart = i;
    } else if (runStart >= 0) {
      splitRun(text, runStart, i, tokens);
      runStart = -1;
    }
  }
  return tokens;
}

/** Split one Han run at labels, chatter and kind words; decompose what is left into items and names. */
function splitRun(text: string, from: number, to: number, tokens: Token[]): void {
  let pieceStart = from;
  let i = from;
  while (i < to) {
    const match = splitWordAt(text, i, to);
    if (match === undefined) {
      i++;
      continue;
    }
    if (i > pieceStart) decompose(text.slice(pieceStart, i), pieceStart, tokens);
    if (match.kind === 'ptype' && match.personType !== undefined)
      tokens.push({ kind: 'ptype', personType: match.personType, at: i });
    i += match.word.length;
    pieceStart = i;
  }
  if (to > pieceStart) decompose(text.slice(pieceStart, to), pieceStart, tokens);
}

function splitWordAt(text: string, i: number, to: number): DictWord | undefined {
  const candidates = SPLIT_BY_FIRST.get(text.charCodeAt(i));
  if (candidates === undefined) return undefined;
  for (const w of candidates) if (i + w.word.length <= to && text.startsWith(w.word, i)) return w;
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
  const name = asName(piece);
  if (name === undefined) return false;
  tokens.push({ kind: 'name', text: name, at });
  return true;
}

function isNameOrItems(piece: string): boolean {
  return decompose(piece, 0, []);
}

/**
 * The piece as a Chinese name: 2–4 Han characters, or Han parts joined by middle dots (阿依古丽·买买提), with
 * every dot look-alike written as `·`.
 */
function asName(piece: string): string | undefined {
  let dots = 0;
  let partLength = 0;
  for (let i = 0; i < piece.length; i++) {
    if (isNameDot(piece.charCodeAt(i))) {
      if (partLength === 0) return undefined;
      dots++;
      partLength = 0;
    } else {
      partLength++;
    }
  }
  if (partLength === 0) return undefined;
  if (dots === 0) return piece.length >= 2 && piece.length <= 4 ? piece : undefined;
  if (piece.length > MAX_DOTTED_NAME) return undefined;
  let name = '';
  for (let i = 0; i < piece.length; i++) name += isNameDot(piece.charCodeAt(i)) ? '·' : piece[i];
  return name;
}
