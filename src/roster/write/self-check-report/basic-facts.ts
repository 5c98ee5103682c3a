/**
 * 一、基本情况: what the template asks of the unit (名称、设立时间、法人代表、从业人数、业务范围 …) from the
 * enterprise's settings, a blank where a fact is not set, and its 三项岗位人员 by class from the checks.
 */
import { checkSummaryOf } from '../check-summary.js';
import type { ReportInput } from '../report-rows.js';
import { BLANK, type ReportSection } from './model.js';
import { byClassText } from './people-counts.js';

/** A fact as the report states it: the setting, or the blank to fill by hand. */
function fact(value: string | number | undefined): string {
  return value === undefined || value === '' ? BLANK : String(value);
}

export function basicFactsSection(input: ReportInput): ReportSection {
  const profile = input.profile ?? {};
  const { summary, whole } = checkSummaryOf(input);
  const people = whole
    ? `本次自查核验三项岗位人员 ${summary.people} 人，其中${byClassText(summary.byClass)}。`
    : `三项岗位人员共 ${BLANK} 人；核验发现问题的 ${summary.people} 人中，${byClassText(summary.byClass)}（核验合格人员未计入）。`;
  return {
    heading: '一、基本情况',
    blocks: [
      {
        kind: 'paragraph',
        text:
          `单位名称：${fact(input.enterprise)}；设立时间：${fact(profile.established)}；` +
          `法定代表人：${fact(profile.legalRepresentative)}；从业人数：${fact(profile.employees)} 人；` +
          `业务范围：${fact(profile.business)}。`,
      },
      { kind: 'paragraph', text: people },
      {
        kind: 'paragraph',
        text: `近三年组织安全生产培训 ${BLANK} 人次，特种作业人员考试通过率 ${BLANK}。`,
      },
    ],
  };
}
