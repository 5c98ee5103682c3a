/**
 * The 汇总 sheet of an annotated roster: rows per status and what to do first (suspected fakes, then lapsed
 * certificates, then those due soon), naming people by name and roster row, never by ID number.
 */
import { formatChinaTime } from '../../domain/dates.js';
import { statusLabel, VERDICT_STATUSES } from '../../domain/status.js';
import { summarise } from '../../verify/batch-summary.js';
import type { BatchResult, BatchRowResult, RosterSheet } from '../types.js';
import { HIDDEN_ROW, RESULT_HEADING, rowShift } from './annotated-layout.js';
import { PRIORITY_GROUPS } from './problem-words.js';
import type { ReportTable } from './table.js';

/** At most this many people are named per group; the rest are counted. */
const NAMES_LISTED = 20;

function who(r: BatchRowResult): string {
  return `${r.verdict.query.name ?? '（未填姓名）'}（${r.sheet} 第 ${r.row.rowNumber} 行）`;
}

/** The longest stretch of a footer line quoted. */
const QUOTED_CHARS = 30;

/** What the annotated sheet keeps of the roster's layout that a reader should know: hidden rows, lines not read as people, rows moved down. */
function layoutNotes(sheet: RosterSheet): string[] {
  const notes: string[] = [];
  const hidden = sheet.rows.filter((r) => r.hidden).map((r) => r.rowNumber);
  if (hidden.length > 0) {
    notes.push(
      `工作表「${sheet.name}」有 ${hidden.length} 个隐藏行（第 ${hidden.slice(0, NAMES_LISTED).join('、')} 行${hidden.length > NAMES_LISTED ? ' 等' : ''}）：已照常核验，结果表中仍隐藏，说明栏标“${HIDDEN_ROW}”`,
    );
  }
  for (const line of sheet.footerLines ?? []) {
    const text = [...new Set(line.cells.filter((c) => c !== ''))].join(' ');
    const quoted = [...text].length > QUOTED_CHARS ? `${[...text].slice(0, QUOTED_CHARS).join('')}…` : text;
    notes.push(`工作表「${sheet.name}」第 ${line.rowNumber} 行「${quoted}」是表尾栏，不是人员，未核验`);
  }
  if (rowShift(sheet) > 0) {
    notes.push(
      `工作表「${sheet.name}」的表头在第 1 行：结果表在其上方加了一行“${RESULT_HEADING}”标题，各行下移一行；本页所说的行号是原名单的行号`,
    );
  }
  return notes;
}

/** The summary table of a batch. */
export function buildRosterSummary(result: BatchResult): ReportTable {
  const summary = summarise(result);
  const todo = PRIORITY_GROUPS.flatMap((group) => {
    const members = result.results.filter((r) => group.statuses.includes(r.verdict.status));
    if (members.length === 0) return [];
    const named = members.slice(0, NAMES_LISTED).map(who).join('、');
    const more = members.length > NAMES_LISTED ? ` 等 ${members.length} 人` : '';
    return [{ group, text: `${group.title}（${members.length} 人）：${named}${more}` }];
  });
  return {
    title: `核验汇总：${result.roster.fileName}`,
    meta: [
      `按 ${result.today} 判断证书状态；核验时间 ${formatChinaTime(result.startedAt)} 至 ${formatChinaTime(result.finishedAt)}；共 ${summary.rows} 行`,
      ...result.roster.warnings.map((w) => `注意：${w}`),
      ...result.roster.sheets.flatMap(layoutNotes),
    ],
    columns: [
      { header: '核验结果', width: 16, kind: 'status' },
      { header: '状态词', width: 16 },
      { header: '行数', width: 10, kind: 'number' },
    ],
    rows: [
      ...VERDICT_STATUSES.map((status) => ({
        cells: [statusLabel(status), status, summary.byStatus[status]],
        status,
      })),
      { cells: ['合计', '', summary.rows] },
    ],
    footer: [
      '优先处理：',
      ...(todo.length === 0 ? ['全部有效，无需处理。'] : todo.map((t, i) => `${i + 1}. ${t.text}`)),
    ],
  };
}
