/**
 * 三、问题整改情况: one table row per problem of the 自查自改问题清单, its cells taken from that list by column
 * header (a column the list does not have leaves its cell blank to fill by hand), and the acceptance condition of
 * the problem's kind.
 */
import { buildProblemsReport, problemRows } from '../problems-report.js';
import type { ReportInput } from '../report-rows.js';
import type { ReportOptions, ReportTable, TableCell } from '../table.js';
import type { ReportColumn, ReportSection } from './model.js';
import { SECTION_KIND_WORDS, sectionKindOf } from './section-kinds.js';

/** The report's columns (seed 000, 附件1 三: 具体整改内容、整改依据、整改成效（或验收条件）、整改时限、具体负责人). */
const COLUMNS: ReportColumn[] = [
  { header: '序号', width: 7 },
  { header: '具体整改内容', width: 37 },
  { header: '整改依据', width: 14 },
  { header: '整改成效（或验收条件）', width: 19 },
  { header: '整改时限', width: 13 },
  { header: '具体负责人', width: 10 },
];

/** A row's cell under `header`, or blank when the list has no such column. */
function cellReader(table: ReportTable): (cells: readonly TableCell[], header: string) => string {
  const index = new Map(table.columns.map((c, i) => [c.header, i]));
  return (cells, header) => {
    const at = index.get(header);
    return at === undefined ? '' : String(cells[at] ?? '');
  };
}

export function rectificationSection(input: ReportInput, options: ReportOptions): ReportSection {
  const list = buildProblemsReport(input, options);
  // The list's rows are these problems, in this order: the kind of each gives its acceptance condition.
  const problems = problemRows(input.rows);
  const cell = cellReader(list);
  const rows = list.rows.map(({ cells }, i) => {
    const problem = problems[i];
    const measure = cell(cells, '整改措施');
    return [
      String(i + 1),
      [cell(cells, '存在问题'), measure && `整改措施：${measure}`].filter(Boolean).join('\n'),
      cell(cells, '整改依据'),
      problem ? SECTION_KIND_WORDS[sectionKindOf(problem)].acceptance : '',
      cell(cells, '整改时限'),
      cell(cells, '责任人'),
    ];
  });
  return {
    heading: '三、问题整改情况',
    blocks:
      rows.length === 0
        ? [{ kind: 'paragraph', text: '本次自查未发现三项岗位人员持证方面的问题，无需整改。' }]
        : [
            { kind: 'paragraph', text: `根据自查发现的问题清单，逐项整改如下（共 ${rows.length} 项）：` },
            { kind: 'table', columns: COLUMNS, rows },
          ],
  };
}
