/**
 * A month's 附件3 table from the store, and the table as a file (xlsx with its merged cells, or csv), for the
 * console's download and `cert-verify bureau report progress`.
 */
import type { Config } from '../../config/schema.js';
import { renderCsv } from '../../roster/write/render-csv.js';
import { renderXlsx } from '../../roster/write/render-xlsx.js';
import type { ReportTable } from '../../roster/write/table.js';
import { cumulativeStart } from '../store/months.js';
import { buildProgressTable, type ProgressData } from './table.js';
import type { ProgressStore } from './types.js';

/** The formats the table is written in. */
export const PROGRESS_FORMATS = ['xlsx', 'csv'] as const;
export type ProgressFormat = (typeof PROGRESS_FORMATS)[number];

/** The settings the table is built under (`bureau.region`, `bureau.campaignStartMonth`). */
export type ProgressSettings = Pick<Config['bureau'], 'region' | 'campaignStartMonth'>;

/** What `month`'s table is built from, 累计 from the campaign's start month. */
export async function progressData(
  progress: ProgressStore,
  month: string,
  settings: ProgressSettings,
): Promise<ProgressData> {
  const since = cumulativeStart(month, settings.campaignStartMonth);
  const [staff, selfChecks] = await Promise.all([
    progress.staffMonths(since, month),
    progress.selfChecks(since, month),
  ]);
  return { month, since, staff, selfChecks, region: settings.region };
}

/** `month`'s table. */
export async function progressTable(
  progress: ProgressStore,
  month: string,
  settings: ProgressSettings,
): Promise<ReportTable> {
  return buildProgressTable(await progressData(progress, month, settings));
}

/** The file name of `month`'s table. */
export function progressFileName(month: string, format: ProgressFormat): string {
  return `专项整治工作进展情况统计表-${month}.${format}`;
}

/** The table as the bytes of a file of `format`. */
export async function progressFile(table: ReportTable, format: ProgressFormat): Promise<Buffer> {
  return format === 'xlsx' ? renderXlsx(table, '进展情况统计表') : renderCsv(table);
}
