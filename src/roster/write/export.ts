/**
 * Export a report form from the findings log of the store, for an enterprise and a period.
 */
import type { Config } from '../../config/schema.js';
import type { CheckSummary } from '../../domain/check-summary.js';
import type { Finding } from '../../domain/finding.js';
import type { VerdictStatus } from '../../domain/status.js';
import type { CheckScope } from '../../store/check-tally.js';
import { type EnterpriseProfile, type LeadStanding, rowsFromFindings } from './report-rows.js';
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
  /** Everyone checked (the store's check tally): the findings hold only the problems. */
  checks: { summary(scope: CheckScope): CheckSummary };
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
}

/** Build the report `kind` from the findings log; resolves with the file name, bytes and row count. */
export async function exportReport(kind: ReportKind, options: ExportOptions): Promise<ReportFile> {
  const { from, to, enterprise, today } = options;
  // The leads list picks its rows by lead kind (leadKindOf), a photo's lead being no status of its own.
  const findings = await options.store.findings.list({ from, to, enterprise });
  const input = rowsFromFindings(findings, { today, enterprise, from, to });
  input.checked = options.store.checks.summary({ from, to, enterprise });
  if (options.leadStanding) input.leadStanding = options.leadStanding;
  if (options.profile) input.profile = options.profile;
  return reportFile(kind, input, { format: options.format, fullIds: options.fullIds });
}

/** The `profile` export option for `enterprise`, from its settings (none when it has none). */
export function profileOf(
  config: Pick<Config, 'selfCheck'>,
  enterprise: string | undefined,
): { profile?: EnterpriseProfile } {
  const profile = enterprise === undefined ? undefined : config.selfCheck.enterprises[enterprise];
  return profile ? { profile } : {};
}
