/**
 * The 自查整改报告 of an enterprise (seed 000, 附件1) from a report input: the template's title, its four
 * sections filled from what the bot knows, and the closing for the seal and the date.
 */
import { chineseDate } from '../../../domain/dates.js';
import type { ReportInput } from '../report-rows.js';
import type { ReportOptions } from '../table.js';
import { basicFactsSection } from './basic-facts.js';
import { type ImprovementSettings, improvementSection } from './improvement.js';
import type { SelfCheckReport } from './model.js';
import { problemsFoundSection } from './problems-found.js';
import { rectificationSection } from './rectification.js';

/** The template's title, in the two lines it is set in. */
const SELF_CHECK_TITLE = ['关于安全生产培训“走过场”专项整治', '自查整改报告'] as const;

export function buildSelfCheckReport(
  input: ReportInput,
  options: ReportOptions,
  settings: ImprovementSettings,
): SelfCheckReport {
  return {
    title: [...SELF_CHECK_TITLE],
    sections: [
      basicFactsSection(input),
      problemsFoundSection(input),
      rectificationSection(input, options),
      improvementSection(settings),
    ],
    closing: { unit: `单位名称（加盖公章）：${input.enterprise ?? ''}`, date: chineseDate(input.today) },
  };
}
