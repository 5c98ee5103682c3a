/**
 * Export a report form from the findings log of the store, for an enterprise and a period.
 */
import type { CheckSummary } from '../../domain/check-summary.js';
import type { Finding } from '../../domain/finding.js';
import type { VerdictStatus } from '../../domain/status.js';
import type { CheckScope } from '../../store/check-tally.js';
import {
  type EnterpriseProfile,
  type LeadStanding,
  type LedgerByClass,
  type ReportInput,
  rowsFromFindings,
} from './report-rows.js';
import { type ReportFile, type ReportKind, reportFile } from './reports.js';
import type { ReportFormat } from './table.js';

/** The part of the store an export reads (the store's `findings`). */
export interface FindingsSource {
  findings: {
    list(filter: {
      from?: string;
      to?: string;
      enterprise?: string;
      statuses?: VerdictStatus[];
    }): Promise<Finding[]>;
  };
  /** Everyone checked (the store's check tally): the findings hold only the problems. */
  checks: { summary(scope: CheckScope): Promise<CheckSummary> };
}

/** Which findings an export covers and what it states beside them. */
export interface ExportScope {
  store: FindingsSource;
  /** First and last China calendar day (YYYY-MM-DD) of the findings to include. */
  from?: string;
  to?: string;
  enterprise?: string;
  /** The date the report is made on (YYYY-MM-DD). */
  today: string;
  /** What the settings state of the enterprise (selfCheck.enterprises[enterprise]). */
  profile?: EnterpriseProfile;
  /** Where each lead stands, by finding id (the leads list shows it). */
  leadStanding?: (findingId: string) => LeadStanding | undefined;
  /** The enterprise's ledger by class, when the bot keeps one for it (the 检查表 says so). */
  ledger?: LedgerByClass;
}

export interface ExportOptions extends ExportScope {
  format: ReportFormat;
  /** Full ID numbers: only for admins and the operator at the CLI. */
  fullIds: boolean;
}

/** The report input of `scope`: its findings as rows, with the enterprise's profile and the leads' standing. */
export async function exportInput(scope: ExportScope): Promise<ReportInput> {
  const { from, to, enterprise, today } = scope;
  // The leads list picks its rows by lead kind (leadKindOf), a photo's lead being no status of its own.
  const findings = await scope.store.findings.list({ from, to, enterprise });
  const input = rowsFromFindings(findings, { today, enterprise, from, to });
  input.checked = await scope.store.checks.summary({ from, to, enterprise });
  if (scope.leadStanding) input.leadStanding = scope.leadStanding;
  if (scope.profile) input.profile = scope.profile;
  if (scope.ledger) input.ledger = scope.ledger;
  return input;
}

/** Build the report `kind` from the findings log; resolves with the file name, bytes and row count. */
export async function exportReport(kind: ReportKind, options: ExportOptions): Promise<ReportFile> {
  const input = await exportInput(options);
  return reportFile(kind, input, { format: options.format, fullIds: options.fullIds });
}
