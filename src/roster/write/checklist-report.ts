/**
 * 检查表 as seed 003 (附件1) draws it: its title, the columns 序号 / 项目 / 检查内容 / 具体要求 / 检查方式 / 检查情况 and its
 * three items. 一 查培训计划 and 三 查培训档案 cannot be known from certificates: their 检查情况 is left for the
 * inspector. 二 查持证情况 is filled from the checks: the ledger by class, how many were checked on the national
 * platform and found there, how many valid and each problem with its count; the problems follow, one a line.
 */
import { type PersonType, personTypeLabel } from '../../domain/certificate.js';
import type { CheckSummary } from '../../domain/check-summary.js';
import { statusLabel, VERDICT_STATUSES } from '../../domain/status.js';
import { checkSummaryOf } from './checked-people.js';
import { problemText } from './problem-words.js';
import { problemRows } from './problems-report.js';
import type { LedgerByClass, ReportInput, ReportRow } from './report-rows.js';
import type { ReportOptions, ReportTable } from './table.js';

/** The seed's title. */
export const CHECKLIST_TITLE = '生产经营单位安全生产培训“走过场”专项整治工作“回头看”检查表';

/** The seed's three items: 序号, 项目, 检查内容, 具体要求 (one a line), 检查方式. */
export const CHECKLIST_ITEMS = [
  {
    number: '一',
    item: '查培训计划',
    content: '是否存在未制定本单位安全生产培训计划、未按计划实施培训的情况',
    requirements: [
      '1.是否制定培训计划(含培训方案、培训安排等)。',
      '2.是否按照计划和规定内容、学时等要求组织了所有从业人员(主要负责人、安全生产管理人员、特种作业人员、其他从业人员,含被派遣劳动者、实习学生等)的培训,包括初次培训、年度再教育、七新培训、复工复产、换岗转岗和重新上岗等。',
      '3.委托培训的,是否选择具备安全培训条件的机构进行培训,并签订有培训协议,是否对培训实施情况进行监督。',
    ],
    method: '查资料',
  },
  {
    number: '二',
    item: '查持证情况',
    content:
      '是否存在特种作业人员无证上岗或持假证上岗的情况\n煤矿、非煤矿山、危险化学品、金属冶炼等生产经营单位(以下简称高危生产经营单位)主要负责人、安全生产管理人员是否按照《安全生产法》和《安全生产许可证条例》等法律法规和部门规章的要求，经安全生产知识和管理能力考核合格的情况',
    requirements: [
      '1.是否分类建立“三项岗位人员”持证台账；',
      '2.是否通过应急管理部官方网站全国统一“特种作业操作证及安全生知识和管理能力考核合格信息查询平台”(网址 http://cx.mem.gov.cn)或微信公众号“国家安全生产考试”查询到“三项岗位人员”安全生产证书信息。',
      '3.证件是否在有效期内，证件类型是否匹配。',
    ],
    method: '查台账 查证件',
  },
  {
    number: '三',
    item: '查培训档案',
    content: '是否存在未如实记录安全生产教育和培训情况',
    requirements: [
      '1.是否建立一人一档安全培训档案。',
      '2.是否详细、准确记录从业人员历次接受安全培训、考核结果等情况。',
      '3.委托培训的，是否有委托培训机构提供的安全培训合格证明；自主培训的，重点查看培训时间、内容、参训人员考勤签字、教师授课等记录是否存在与实际不一致、造假等问题。',
    ],
    method: '查个人基础档案、培训记录、考试试卷等',
  },
] as const;

const CLASSES: readonly PersonType[] = ['special', 'principal', 'manager'];

/** "特种作业人员 3 人、主要负责人 1 人、安全生产管理人员 2 人". */
function byClassText(counts: LedgerByClass): string {
  const parts = CLASSES.map((t) => `${personTypeLabel(t)} ${counts[t] ?? 0} 人`);
  if (counts.unknown) parts.push(`未注明类别 ${counts.unknown} 人`);
  return parts.join('、');
}

/** Everyone the checks covered: the store's tally when given, else the rows of a complete input. */
function checkedOf(input: ReportInput): CheckSummary | undefined {
  const { summary, whole } = checkSummaryOf(input);
  return whole ? summary : undefined;
}

function ledgerLine(input: ReportInput): string {
  if (input.ledger === undefined) {
    return '1. 台账：本机器人中没有本单位的持证台账，是否分类建立台账须查看台账原件。';
  }
  return `1. 台账：已分类建立三项岗位人员持证台账，在册${byClassText(input.ledger)}。`;
}

const LOOKUP = '应急管理部全国统一查询平台（网址 http://cx.mem.gov.cn，微信公众号“国家安全生产考试”）';

function lookupLine(checked: CheckSummary | undefined, rows: readonly ReportRow[]): string {
  if (checked === undefined) {
    const people = new Set(rows.map((r) => r.idNumber)).size;
    return `2. 平台查询：通过${LOOKUP}核验，问题记录涉及 ${people} 人；证书有效且无须整改的人员不在问题记录中，核验总人数以核验记录为准。`;
  }
  const period =
    checked.firstDay && checked.lastDay
      ? checked.firstDay === checked.lastDay
        ? `${checked.firstDay} `
        : `${checked.firstDay} 至 ${checked.lastDay} `
      : '';
  return `2. 平台查询：${period}通过${LOOKUP}核验 ${checked.people} 人（${byClassText(checked.byClass)}），查询到证书信息 ${checked.found} 人，未查询到或未能查询 ${checked.people - checked.found} 人。`;
}

function validityLine(
  checked: CheckSummary | undefined,
  rows: readonly ReportRow[],
  problems: number,
): string {
  const byStatus = checked?.byStatus ?? countPeople(rows);
  const each = VERDICT_STATUSES.filter((s) => s !== 'valid' && (byStatus[s] ?? 0) > 0).map(
    (s) => `${statusLabel(s)} ${byStatus[s]} 人`,
  );
  const valid = checked ? `证件有效 ${byStatus.valid ?? 0} 人；` : '';
  const found = each.length === 0 ? '未发现证件问题' : each.join('，');
  const listed = problems === 0 ? '' : `；发现问题 ${problems} 项，逐项列于下方并列入自查自改问题清单`;
  return `3. 有效期和类型：${valid}${found}${listed}。`;
}

/** People once each by the status of their last row. */
function countPeople(rows: readonly ReportRow[]): CheckSummary['byStatus'] {
  const last = new Map(rows.map((r) => [r.idNumber, r.status]));
  const counts: CheckSummary['byStatus'] = {};
  for (const status of last.values()) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

/** "2026年11月24日". */
function chineseDate(day: string): string {
  const [y, m, d] = day.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** The inspection checklist of `input`. */
export function buildChecklistReport(input: ReportInput, options: ReportOptions): ReportTable {
  const problems = problemRows(input.rows);
  const checked = checkedOf(input);
  const holding = [
    ledgerLine(input),
    lookupLine(checked, input.rows),
    validityLine(checked, input.rows, problems.length),
  ].join('\n');
  const period =
    input.from || input.to ? [`核验期间：${input.from ?? '最早'} 至 ${input.to ?? input.today}`] : [];
  return {
    title: CHECKLIST_TITLE,
    meta: [`被检查单位名称：${input.enterprise ?? ''}`, `检查日期：${chineseDate(input.today)}`, ...period],
    columns: [
      { header: '序号', width: 6 },
      { header: '项目', width: 10 },
      { header: '检查内容', width: 30 },
      { header: '具体要求', width: 50 },
      { header: '检查方式', width: 12 },
      { header: '检查情况', width: 50 },
    ],
    rows: CHECKLIST_ITEMS.map((item) => ({
      cells: [
        item.number,
        item.item,
        item.content,
        item.requirements.join('\n'),
        item.method,
        item.number === '二' ? holding : '',
      ],
    })),
    footer: [
      ...(problems.length === 0 ? [] : [`查持证情况发现的问题（${problems.length} 项）：`]),
      ...problems.map((row, i) => `${i + 1}. ${problemText(row, options.fullIds)}`),
      '检查人员签字：',
      '被检查单位负责人签字：',
    ],
  };
}
