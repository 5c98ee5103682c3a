/**
 * 月度统计: counts of checks by month, enterprise and 作业类别, one column per status word, with totals.
 */
import { resolveItemWord } from '../../domain/catalogue.js';
import { statusLabel, VERDICT_STATUSES, type VerdictStatus } from '../../domain/status.js';
import { personTypeText, type ReportInput, type ReportRow, scopeLines } from './report-rows.js';
import type { ReportTable, TableCell } from './table.js';

/** The 作业类别 a row counts under: the certificate's, the catalogue's for the item named, or the person type. */
function categoryOf(row: ReportRow): string {
  const cert = row.certificates[0];
  if (cert?.category) return cert.category;
  if (cert?.kind === 'safety') return '安全生产知识和管理能力';
  // A word naming items of several categories (爆破工: 煤矿 or 金属非金属矿山) counts under none of them.
  const categories = row.item ? resolveItemWord(row.item)?.categories : undefined;
  const fromItem = categories?.length === 1 ? categories[0] : undefined;
  return fromItem ?? (personTypeText(row.personType) || '未注明');
}

/** The monthly statistics of `input`. */
export function buildStatsReport(input: ReportInput): ReportTable {
  const groups = new Map<string, { key: [string, string, string]; counts: Map<VerdictStatus, number> }>();
  for (const row of input.rows) {
    const key: [string, string, string] = [
      row.day.slice(0, 7),
      row.enterprise ?? '未注明单位',
      categoryOf(row),
    ];
    const id = key.join('\u0000');
    const group = groups.get(id) ?? { key, counts: new Map() };
    group.counts.set(row.status, (group.counts.get(row.status) ?? 0) + 1);
    groups.set(id, group);
  }
  const sorted = [...groups.values()].sort((a, b) =>
    a.key.join('\u0000').localeCompare(b.key.join('\u0000'), 'zh'),
  );
  const countCells = (counts: (s: VerdictStatus) => number): TableCell[] => {
    const cells = VERDICT_STATUSES.map(counts);
    return [...cells, cells.reduce((sum, n) => sum + n, 0)];
  };
  const count = (s: VerdictStatus) => input.rows.filter((r) => r.status === s).length;
  return {
    title: '特种作业操作证及安全生产知识和管理能力考核合格证核验情况月度统计',
    meta: [
      ...scopeLines(input, '单位', '制表日期'),
      ...(input.complete
        ? []
        : ['依据问题记录统计（证书有效且无须整改的不在问题记录中，不计入）；同一人同日同一结果计为一次。']),
    ],
    columns: [
      { header: '月份', width: 9 },
      { header: '单位', width: 20 },
      { header: '作业类别', width: 18 },
      ...VERDICT_STATUSES.map((s) => ({ header: statusLabel(s), width: 8, kind: 'number' as const })),
      { header: '合计', width: 8, kind: 'number' },
    ],
    rows: [
      ...sorted.map((g) => ({ cells: [...g.key, ...countCells((s) => g.counts.get(s) ?? 0)] })),
      { cells: ['合计', '', '', ...countCells(count)] },
    ],
    footer: [`填报人：　　　　　　联系方式：　　　　　　填报日期：${input.today}`],
  };
}
