/**
 * The report forms by kind: build the table, render it, name the file. Shared by `cert-verify export`, the
 * chat's `导出 …` and anything that has a batch result in hand.
 */
import { assertNever } from '../../domain/status.js';
import { buildChecklistReport } from './checklist-report.js';
import { buildFindingsReport } from './findings-report.js';
import { buildLeadsReport } from './leads-report.js';
import { buildProblemsReport } from './problems-report.js';
import { renderTable } from './render.js';
import type { ReportInput } from './report-rows.js';
import { buildStatsReport } from './stats-report.js';
import type { ReportFormat, ReportOptions, ReportTable } from './table.js';

/** The report forms. */
export type ReportKind = 'problems' | 'checklist' | 'leads' | 'stats' | 'findings';

/** Every report kind, for help texts and argument checks. */
export const REPORT_KINDS: readonly ReportKind[] = ['problems', 'checklist', 'leads', 'stats', 'findings'];

/** Short Chinese name of a report (file and sheet names, messages). */
export function reportName(kind: ReportKind): string {
  switch (kind) {
    case 'problems':
      return '自查自改问题清单';
    case 'checklist':
      return '持证情况检查表';
    case 'leads':
      return '疑似假证线索清单';
    case 'stats':
      return '月度统计';
    case 'findings':
      return '问题记录';
    default:
      return assertNever(kind);
  }
}

/** The table of one report. */
export function buildReport(kind: ReportKind, input: ReportInput, options: ReportOptions): ReportTable {
  switch (kind) {
    case 'problems':
      return buildProblemsReport(input, options);
    case 'checklist':
      return buildChecklistReport(input, options);
    case 'leads':
      return buildLeadsReport(input, options);
    case 'stats':
      return buildStatsReport(input);
    case 'findings':
      return buildFindingsReport(input, options);
    default:
      return assertNever(kind);
  }
}

/** A written report: file name, bytes and how many data rows it holds (the checklist's three checks count). */
export interface ReportFile {
  name: string;
  bytes: Buffer;
  rows: number;
}

/** Build and render one report; the name reads like `自查自改问题清单_某公司_2026-01-05.xlsx`. */
export async function reportFile(
  kind: ReportKind,
  input: ReportInput,
  options: ReportOptions & { format: ReportFormat },
): Promise<ReportFile> {
  const table = buildReport(kind, input, options);
  const bytes = await renderTable(table, options.format, reportName(kind));
  return { name: paperFileName(reportName(kind), input, options.format), bytes, rows: table.rows.length };
}

/** A paper's file name: its name, the enterprise and the period (or the day it is made), `extension` after. */
export function paperFileName(name: string, input: ReportInput, extension: string): string {
  const period = input.from || input.to ? `${input.from ?? ''}至${input.to ?? input.today}` : input.today;
  const stem = [name, input.enterprise, period].filter(Boolean).join('_');
  return `${safeFileName(stem)}.${extension}`;
}

/** A file name without path separators or characters Windows refuses. */
function safeFileName(text: string): string {
  return text.replace(/[\\/:*?"<>|\p{Cc}]/gu, '_').slice(0, 120);
}
