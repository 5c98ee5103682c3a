/**
 * Export a report form from the findings log of the store, for an enterprise and a period.
 */
import type { Finding } from '../../domain/finding.js';
import type { VerdictStatus } from '../../domain/status.js';
import {
  type EnterpriseProfile,
  type LeadStanding,
  type LedgerByClass,
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
    }): Finding[] | Promise<Finding[]>;
  };
}

export interface ExportOptions {
  store: FindingsSource;
  /** First and last China calendar day (YYYY-MM-DD) of the findings to include. */
  from?: string;
  to?: string;
  enterprise?: string;
  format: ReportFormat;
  /** Full ID numbers: only for admins and the operator at the CLI. */
  fullIds: boolean;
  /** The date the report is made on (YYYY-MM-DD). */
  today: string;
  /** What the settings state of the enterprise (selfCheck.enterprises[enterprise]). */
  profile?: EnterpriseProfile;
  /** Where each lead stands, by finding id (the leads list shows it). */
  leadStanding?: (findingId: string) => LeadStanding | undefined;
  /** The enterprise's ledger by class, when the bot keeps one for it (the 检查表 says so). */
  ledger?: LedgerByClass;
}

/** Build the report `kind` from the findings log; resolves with the file name, bytes and row count. */
export async function exportReport(kind: ReportKind, options: ExportOptions): Promise<ReportFile> {
  const { from, to, enterprise, today } = options;
  // The leads list picks its rows by lead kind (leadKindOf), a photo's lead being no status of its own.
  const findings = await options.store.findings.list({ from, to, enterprise });
  const input = rowsFromFindings(findings, { today, enterprise, from, to });
  if (options.leadStanding) input.leadStanding = options.leadStanding;
  if (options.profile) input.profile = options.profile;
  if (options.ledger) input.ledger = options.ledger;
  return reportFile(kind, input, { format: options.format, fullIds: options.fullIds });
}
