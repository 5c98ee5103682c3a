/**
 * The 自查整改报告 as a file: built from a report input (a batch, or the findings log of an enterprise and period),
 * drawn as .docx and named like the other papers (自查整改报告_某公司_2026-12-07.docx).
 */
import { type ExportScope, exportInput } from '../export.js';
import type { ReportInput } from '../report-rows.js';
import { paperFileName, type ReportFile, type ReportKind } from '../reports.js';
import type { ReportOptions } from '../table.js';
import { buildSelfCheckReport } from './build.js';
import type { ImprovementSettings } from './improvement.js';
import { renderSelfCheckDocx } from './render-docx.js';

/** The paper's short name (file names, messages). */
export const SELF_CHECK_REPORT_NAME = '自查整改报告';

/** Its kind where the exports name their papers (`cert-verify export report`). */
export const SELF_CHECK_KIND = 'report';

/** The papers an export writes: the table reports, and this report (a Word document). */
export type PaperKind = ReportKind | typeof SELF_CHECK_KIND;

/** The report of `input` as a .docx file; `rows` counts its problems (the rows of its table). */
export async function selfCheckReportFile(
  input: ReportInput,
  options: ReportOptions,
  settings: ImprovementSettings,
): Promise<ReportFile> {
  const report = buildSelfCheckReport(input, options, settings);
  const table = report.sections.flatMap((s) => s.blocks).find((b) => b.kind === 'table');
  return {
    name: paperFileName(SELF_CHECK_REPORT_NAME, input, 'docx'),
    bytes: await renderSelfCheckDocx(report),
    rows: table?.kind === 'table' ? table.rows.length : 0,
  };
}

/** The report of an enterprise and period from the findings log. */
export async function exportSelfCheckReport(
  scope: ExportScope,
  options: ReportOptions & { settings: ImprovementSettings },
): Promise<ReportFile> {
  return selfCheckReportFile(await exportInput(scope), { fullIds: options.fullIds }, options.settings);
}
