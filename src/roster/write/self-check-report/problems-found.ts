/**
 * 二、自查存在问题: the seed's 重点整治内容 for 生产经营单位 (000 §二(三), items 1–5) one by one — the platform check
 * done and the certificate problems with their counts from the checks; the training plan and records, which no
 * certificate shows, as blanks to fill by hand.
 */
import { isManagerQuery } from '../../../domain/absence.js';
import { chineseDate } from '../../../domain/dates.js';
import { checkSummaryOf } from '../checked-people.js';
import { problemRows } from '../problems-report.js';
import type { ReportInput, ReportRow } from '../report-rows.js';
import type { ReportBlock, ReportSection } from './model.js';
import { byClassText, kindsText } from './people-counts.js';

/**
 * "2026年3月2日至2026年3月6日" (one day: "2026年3月2日") of the checks counted, else of the period asked, else
 * nothing.
 */
function periodText(input: ReportInput, first?: string, last?: string): string {
  const from = first ?? input.from;
  const to = last ?? input.to;
  if (from === undefined && to === undefined) return '';
  const end = to ?? input.today;
  if (from === end) return chineseDate(end);
  return `${from ? chineseDate(from) : ''}至${chineseDate(end)}`;
}

/** Item 2: the check on the national platform, how many and when. */
function platformCheck(input: ReportInput): ReportBlock[] {
  const { summary, whole } = checkSummaryOf(input);
  const where = '通过全国统一平台（cx.mem.gov.cn）或微信公众号“国家安全生产考试”';
  const when = periodText(input, summary.firstDay, summary.lastDay);
  if (summary.people === 0) {
    return [
      { kind: 'paragraph', text: `${when || '本期间'}未记录${where}核验三项岗位人员证书的情况。` },
      { kind: 'field', label: '核验人数及日期' },
    ];
  }
  if (!whole) {
    return [
      {
        kind: 'paragraph',
        text: `${when}${where}核验三项岗位人员证书，发现问题的 ${summary.people} 人（${byClassText(summary.byClass)}）。`,
      },
      { kind: 'field', label: '核验总人数' },
    ];
  }
  return [
    {
      kind: 'paragraph',
      text: `${when}${where}核验三项岗位人员证书 ${summary.people} 人（${byClassText(summary.byClass)}），查询到证书信息 ${summary.found} 人。`,
    },
  ];
}

/** Questions no certificate answers, as lines to fill in by hand. */
const toFill = (...labels: string[]): ReportBlock[] => labels.map((label) => ({ kind: 'field', label }));

/** The problems of `rows` counted by kind, or `none` when there are none. */
function foundText(rows: readonly ReportRow[], none: string, note = ''): string {
  return rows.length === 0 ? none : `核验发现：${kindsText(rows)}${note}。`;
}

/** Item 4: principals' and safety managers' assessment, with those still within their 6 months. */
function managersText(managers: readonly ReportRow[]): string {
  const within = new Set(
    managers
      .filter((r) => r.absence?.kind === 'unassessed' && r.absence.withinDeadline)
      .map((r) => r.idNumber),
  ).size;
  return foundText(
    managers,
    '未发现主要负责人、安全生产管理人员未经考核合格或考核合格证过期的情况。',
    within > 0 ? `（其中尚在任职之日起 6 个月考核期限内 ${within} 人）` : '',
  );
}

export function problemsFoundSection(input: ReportInput): ReportSection {
  const problems = problemRows(input.rows);
  const workers = problems.filter((r) => !isManagerQuery(r));
  const workersText = foundText(workers, '未发现特种作业人员无证上岗、持假证上岗或证书过期等问题。');
  const blocks: ReportBlock[] = [
    { kind: 'subheading', text: '（一）安全生产培训计划制定和实施情况' },
    ...toFill('是否制定本单位安全生产培训计划', '是否按计划实施培训', '是否落实先培训后上岗'),
    { kind: 'subheading', text: '（二）通过全国统一平台核验证书情况' },
    ...platformCheck(input),
    { kind: 'subheading', text: '（三）特种作业人员持证上岗情况' },
    { kind: 'paragraph', text: workersText },
    { kind: 'subheading', text: '（四）主要负责人、安全生产管理人员考核合格情况' },
    { kind: 'paragraph', text: managersText(problems.filter((r) => isManagerQuery(r))) },
    { kind: 'subheading', text: '（五）安全生产教育和培训记录情况' },
    ...toFill(
      '是否如实记录安全生产教育和培训情况',
      '是否建立安全生产培训档案',
      '是否存在培训“走过场”或记录造假',
    ),
  ];
  return { heading: '二、自查存在问题', blocks };
}
