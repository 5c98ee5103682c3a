/**
 * The words written next to the numbers of a message: names, operation items and kinds of certificate, found in
 * the runs of Han characters and paired with the numbers by where they stand (line, then segment, then order).
 */
import { CATALOGUE_WORDS } from './catalogue.js';
import type { PersonType } from './certificate.js';
import type { QueryExtras } from './id-number.js';
import { NOT_NAME_WORDS } from './name-words.js';
import { OTHER_CERTIFICATE_WORDS } from './other-certificates.js';
import { isHan, isNameDot, personNameOf } from './person-name.js';

/** Where one number stands in the text. */
export interface Span {
  start: number;
  end: number;
}

/** Marks that end a segment of a line. */
export const SEGMENT_MARKS = '，,、；;。';

/** Where texts given side by side meet (ASCII unit separator): no number runs across it, words pair across it. */
export const UNIT_SEPARATOR = '\u001f';

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

/** The lengths of the item words by their first and by their last character: most pieces start with neither. */
const LENGTHS_BY_FIRST = lengthsBy((w) => w.charCodeAt(0));
const LENGTHS_BY_LAST = lengthsBy((w) => w.charCodeAt(w.length - 1));

function lengthsBy(key: (word: string) => number): Map<number, Set<number>> {
  const map = new Map<number, Set<number>>();
  for (const w of ITEM_WORDS) {
    const lengths = map.get(key(w)) ?? new Set<number>();
    lengths.add(w.length);
    map.set(key(w), lengths);
  }
  return map;
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

/** The words of each number, and whether names had to be left off because they could not be paired. */
export interface Attached {
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
export function attachWords(text: string, spans: readonly Span[], tailEnd: number): Attached {
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

/**
 * Where text[from, to) between two numbers divides: tokens before the cut trail the first number. Where texts
 * given side by side meet in the gap, the words of a number's own text stay with it; only texts between, of words
 * alone, go either way: the last name among them to the next number when the first already has a name (or they
 * hold two names, one for each).
 */
function gapCut(
  text: string,
  from: number,
  to: number,
  tokens: readonly Token[],
  namesLead: boolean,
): number {
  let first = from;
  while (first < to && text[first] !== UNIT_SEPARATOR) first++;
  if (first === to) return cutWithin(text, from, to, tokens, namesLead);
  const last = text.lastIndexOf(UNIT_SEPARATOR, to - 1);
  const between = tokens.filter((t) => t.at > first && t.at < last);
  const ownName = tokens.some((t) => t.at < first && t.kind === 'name');
  const names = between.filter((t) => t.kind === 'name').length;
  return cutWithin(text, first, last, between, namesLead || ownName || names >= 2);
}

/** Where text[from, to) divides, by line, else segment mark, else names (see gapCut). */
function cutWithin(
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
  if (gap.length === 0) return false;
  for (let i = 0; i < gap.length; i++) if (!isNameSpace(gap.charCodeAt(i))) return false;
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
  const heads = LENGTHS_BY_FIRST.get(piece.charCodeAt(0));
  const tails = LENGTHS_BY_LAST.get(piece.charCodeAt(piece.length - 1));
  const longest = heads === undefined && tails === undefined ? 1 : Math.min(LONGEST_ITEM, piece.length - 1);
  for (let k = longest; k >= 2; k--) {
    const head = heads?.has(k) ? piece.slice(0, k) : undefined;
    if (head !== undefined && ITEM_WORDS.has(head) && isNameOrItems(piece.slice(k))) {
      tokens.push({ kind: 'item', text: head, at });
      return decompose(piece.slice(k), at + k, tokens);
    }
    const tail = tails?.has(k) ? piece.slice(piece.length - k) : undefined;
    if (tail !== undefined && ITEM_WORDS.has(tail) && isNameOrItems(piece.slice(0, piece.length - k))) {
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
