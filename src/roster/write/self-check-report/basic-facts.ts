/**
 * 一、基本情况: what the template asks of the unit (名称、设立时间、法人代表、从业人数、业务范围 …) from the
 * enterprise's settings, a blank where a fact is not set, and its 三项岗位人员 by class from the checks.
 */
import { checkSummaryOf } from '../checked-people.js';
import type { ReportInput } from '../report-rows.js';
import type { ReportBlock, ReportSection } from './model.js';
import { byClassText } from './people-counts.js';

/** A form line of a fact: the setting, or a line to fill in by hand. */
function fact(label: string, value: string | undefined): ReportBlock {
  return value === undefined || value === '' ? { kind: 'field', label } : { kind: 'field', label, value };
}

export function basicFactsSection(input: ReportInput): ReportSection {
  const profile = input.profile ?? {};
  const { summary, whole } = checkSummaryOf(input);
  const people: ReportBlock[] = whole
    ? [
        {
          kind: 'paragraph',
          text: `本次自查核验三项岗位人员 ${summary.people} 人，其中${byClassText(summary.byClass)}。`,
        },
      ]
    : [
        { kind: 'field', label: '三项岗位人员总数' },
        {
          kind: 'paragraph',
          text: `核验发现问题的 ${summary.people} 人中，${byClassText(summary.byClass)}（核验合格人员未计入）。`,
        },
      ];
  return {
    heading: '一、基本情况',
    blocks: [
      fact('单位名称', input.enterprise),
      fact('设立时间', profile.established),
      fact('法定代表人', profile.legalRepresentative),
      fact('从业人数', profile.employees === undefined ? undefined : `${profile.employees} 人`),
      fact('业务范围', profile.business),
      ...people,
      { kind: 'field', label: '近三年组织安全生产培训人次' },
      { kind: 'field', label: '特种作业人员考试通过率' },
    ],
  };
}
