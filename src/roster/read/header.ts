/**
 * Finds the header row of a sheet (anywhere in the first rows, below titles and date lines) and recognises
 * its columns by the usual Chinese names and their variants: the roster's columns here, a ledger's in ledger.ts.
 */
import type { RosterColumn } from '../types.js';

/**
 * Header names per column, best first: when two columns match the same meaning (作业类别 and 操作项目), the one
 * whose name comes earlier here is taken.
 */
export const HEADER_ALIASES: Readonly<Record<RosterColumn, readonly string[]>> = {
  name: ['姓名', '人员姓名', '员工姓名', '持证人姓名', '持证人', '名字'],
  idNumber: [
    '身份证号',
    '身份证号码',
    '公民身份号码',
    '身份证件号码',
    '身份证件号',
    '证件号码',
    '证件号',
    '身份号码',
    '身份证',
  ],
  certNumber: [
    '证号',
    '证书编号',
    '操作证号',
    '证书号',
    '证书号码',
    '操作证编号',
    '特种作业操作证号',
    '证件编号',
  ],
  item: ['操作项目', '准操项目', '准操作项目', '作业项目', '工种', '作业类别', '作业类别及操作项目'],
  personType: ['人员类型', '人员类别', '岗位类型', '岗位类别', '岗位'],
  department: ['部门', '班组', '部门班组', '所在部门', '车间'],
  enterprise: ['单位', '单位名称', '企业名称', '所在单位', '工作单位', '公司名称'],
  appointedOn: ['任职日期', '任职时间', '任现职日期', '任职起始日期', '聘任日期'],
};

/** Chinese word for each column meaning, for the notes shown to the user. */
const COLUMN_WORDS: Readonly<Record<RosterColumn, string>> = {
  name: '姓名',
  idNumber: '身份证号',
  certNumber: '证书编号',
  item: '操作项目',
  personType: '人员类型',
  department: '部门',
  enterprise: '单位',
  appointedOn: '任职日期',
};

/** How many rows from the top the header is looked for in. */
export const HEADER_SEARCH_ROWS = 15;

/** A recognised header row. */
export interface HeaderMatch<C extends string = RosterColumn> {
  /** 0-based index among the rows searched. */
  index: number;
  columns: Partial<Record<C, number>>;
  notes: string[];
}

/** Header text reduced for matching: no spaces, no asterisks or "（必填）"-style remarks, half-width brackets. */
export function normaliseHeader(text: string): string {
  return text
    .replace(/[\s\u3000*＊:：]/g, '')
    .replace(/[（(【[].*?[)）】\]]/g, '')
    .replace(/[/、]/g, '');
}

/** The columns one kind of sheet has (a roster, a certificate ledger), ready for matching header rows. */
export interface HeaderScheme<C extends string> {
  /** Meanings in the order their notes are listed. */
  order: readonly C[];
  /** Normalised header name → meaning and rank (0 = best name). */
  lookup: ReadonlyMap<string, { column: C; rank: number }>;
  words: Readonly<Record<C, string>>;
  /** Whether the columns recognised in a row make it this sheet's header. */
  qualifies(columns: Partial<Record<C, number>>): boolean;
}

/** A header scheme from the names per meaning (best first) and the Chinese word for each meaning. */
export function headerScheme<C extends string>(
  aliases: Readonly<Record<C, readonly string[]>>,
  words: Readonly<Record<C, string>>,
  qualifies: (columns: Partial<Record<C, number>>) => boolean,
): HeaderScheme<C> {
  const order = Object.keys(aliases) as C[];
  const lookup = new Map(
    order.flatMap((column) =>
      aliases[column].map((name, rank) => [normaliseHeader(name), { column, rank }] as const),
    ),
  );
  return { order, lookup, words, qualifies };
}

/** Recognise the columns of one row: for each meaning, the column whose name ranks best (leftmost on a tie). */
export function matchColumns<C extends string>(
  scheme: HeaderScheme<C>,
  cells: readonly string[],
): Omit<HeaderMatch<C>, 'index'> {
  const best = new Map<C, { index: number; rank: number }>();
  cells.forEach((cell, index) => {
    const hit = scheme.lookup.get(normaliseHeader(cell));
    if (!hit) return;
    const prev = best.get(hit.column);
    if (!prev || hit.rank < prev.rank) best.set(hit.column, { index, rank: hit.rank });
  });
  const columns: Partial<Record<C, number>> = {};
  const notes: string[] = [];
  for (const column of scheme.order) {
    const hit = best.get(column);
    if (!hit) continue;
    columns[column] = hit.index;
    notes.push(`「${cells[hit.index]}」列作为${scheme.words[column]}`);
  }
  return { columns, notes };
}

/**
 * The header row among the first rows: the one recognising the most columns among those the scheme accepts.
 * `undefined` when no row qualifies.
 */
export function findHeaderRow<C extends string>(
  scheme: HeaderScheme<C>,
  rows: readonly (readonly string[])[],
): HeaderMatch<C> | undefined {
  let found: HeaderMatch<C> | undefined;
  rows.slice(0, HEADER_SEARCH_ROWS).forEach((cells, index) => {
    const match = matchColumns(scheme, cells);
    if (!scheme.qualifies(match.columns)) return;
    if (!found || Object.keys(match.columns).length > Object.keys(found.columns).length)
      found = { index, ...match };
  });
  return found;
}

/** A roster needs an ID or a certificate-number column. */
const ROSTER_SCHEME = headerScheme(
  HEADER_ALIASES,
  COLUMN_WORDS,
  (columns) => columns.idNumber !== undefined || columns.certNumber !== undefined,
);

/** Recognise the roster columns of one row. */
export function recogniseColumns(cells: readonly string[]): Omit<HeaderMatch, 'index'> {
  return matchColumns(ROSTER_SCHEME, cells);
}

/** The roster header row among the first rows (one with an ID or certificate-number column), if any. */
export function findHeader(rows: readonly (readonly string[])[]): HeaderMatch | undefined {
  return findHeaderRow(ROSTER_SCHEME, rows);
}
