/**
 * The 附件3 table of one month as a report table (one builder, pure; the xlsx and csv renderers draw it): the
 * seed's header and rows with 本月数据 (the month) and 累计数据 (the months from the campaign's start through the
 * month). Staff figures of a month nobody entered are blank in 本月 and count 0 in 累计. The enterprise rows:
 * 自查生产经营单位 (家) counts the enterprises whose bots reported people checked that month (累计: the
 * enterprises that did in any month of the span, each once); 自查发现问题 (条) sums the problems they reported.
 */
import type { ReportTable, TableCell, TableMerge, TableRow } from '../../roster/write/table.js';
import {
  FILLED_BY_LABEL,
  PHONE_LABEL,
  PROGRESS_BLOCKS,
  PROGRESS_HEADER,
  PROGRESS_TITLE,
  type ProgressFigureKey,
  STAFF_FIGURE_KEYS,
} from './form.js';
import type { StaffMonth, StoredSelfCheck } from './types.js';

/** What one month's table is built from. */
export interface ProgressData {
  /** `YYYY-MM` */
  month: string;
  /** The first month of 累计数据 (not after `month`). */
  since: string;
  /** Staff figures of the months from `since` to `month` (a month nobody entered is absent). */
  staff: readonly StaffMonth[];
  /** The enterprises' self-check months from `since` to `month`. */
  selfChecks: readonly StoredSelfCheck[];
  /** The region the title begins with (`bureau.region`), possibly empty. */
  region: string;
}

/** A month `YYYY-MM` in words: 2026年1月. */
export function monthInWords(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}

/** 本月 and 累计 of every figure. */
function figuresOf(data: ProgressData): Map<ProgressFigureKey, [TableCell, number]> {
  const inSpan = (month: string) => month >= data.since && month <= data.month;
  const own = data.staff.find((s) => s.month === data.month);
  const figures = new Map<ProgressFigureKey, [TableCell, number]>();
  for (const key of STAFF_FIGURE_KEYS) {
    const total = data.staff.filter((s) => inSpan(s.month)).reduce((sum, s) => sum + s.figures[key], 0);
    figures.set(key, [own ? own.figures[key] : '', total]);
  }
  const checks = data.selfChecks.filter((c) => inSpan(c.month));
  const thisMonth = checks.filter((c) => c.month === data.month);
  const units = (list: typeof checks) =>
    new Set(list.filter((c) => c.people > 0).map((c) => c.enterpriseId)).size;
  const problems = (list: typeof checks) => list.reduce((sum, c) => sum + c.problems, 0);
  figures.set('enterpriseSelfChecked', [units(thisMonth), units(checks)]);
  figures.set('enterpriseSelfProblems', [problems(thisMonth), problems(checks)]);
  return figures;
}

/** The month's 附件3 table. */
export function buildProgressTable(data: ProgressData): ReportTable {
  const figures = figuresOf(data);
  const rows: TableRow[] = [];
  const [category, item, thisMonth, total] = PROGRESS_HEADER;
  // Row 0 is the header: 单位类别 and 项目 each over two columns.
  const merges: TableMerge[] = [
    { top: 0, left: 0, bottom: 0, right: 1 },
    { top: 0, left: 2, bottom: 0, right: 3 },
  ];
  const add = (cells: TableCell[]) => rows.push({ cells });
  const valueCells = (key: ProgressFigureKey): TableCell[] => [...(figures.get(key) ?? ['', 0])];
  let categoryStart = 0;
  let categoryName: string | undefined;
  const closeCategory = () => {
    if (categoryName && rows.length > categoryStart)
      merges.push({ top: categoryStart + 1, left: 0, bottom: rows.length, right: 0 });
  };
  for (const block of PROGRESS_BLOCKS) {
    if (block.category !== categoryName) {
      closeCategory();
      categoryName = block.category;
      categoryStart = rows.length;
    }
    const blockStart = rows.length;
    const first = () => rows.length === blockStart;
    const lead = (): TableCell[] =>
      block.category
        ? [rows.length === categoryStart ? block.category : '', first() ? block.unit : '']
        : [first() ? block.unit : '', ''];
    for (const line of block.lines) {
      merges.push({ top: rows.length + 1, left: 2, bottom: rows.length + 1, right: 3 });
      add([...lead(), line.label, '', ...valueCells(line.key)]);
    }
    if (block.sub) {
      const subStart = rows.length;
      for (const line of block.sub.lines)
        add([...lead(), rows.length === subStart ? block.sub.word : '', line.label, ...valueCells(line.key)]);
      merges.push({ top: subStart + 1, left: 2, bottom: rows.length, right: 2 });
    }
    // The unit down its rows; a unit without a category spans both of 单位类别's columns.
    merges.push({ top: blockStart + 1, left: block.category ? 1 : 0, bottom: rows.length, right: 1 });
  }
  closeCategory();
  const own = data.staff.find((s) => s.month === data.month);
  add([FILLED_BY_LABEL, '', own?.filledBy ?? '', '', PHONE_LABEL, own?.phone ?? '']);
  merges.push(
    { top: rows.length, left: 0, bottom: rows.length, right: 1 },
    { top: rows.length, left: 2, bottom: rows.length, right: 3 },
  );
  return {
    title: `${data.region}${PROGRESS_TITLE}`,
    meta: [`统计月份：${monthInWords(data.month)}　累计数据自：${monthInWords(data.since)}`],
    columns: [
      { header: category, width: 10 },
      { header: '', width: 14 },
      { header: item, width: 8 },
      { header: '', width: 24 },
      { header: thisMonth, width: 12, kind: 'number' },
      { header: total, width: 12, kind: 'number' },
    ],
    rows,
    footer: [],
    merges,
  };
}
