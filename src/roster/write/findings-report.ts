/**
 * 问题记录: the findings log as a plain table, one row per finding (or per checked row of a batch).
 */
import { formatChinaTime } from '../../domain/dates.js';
import { statusLabel } from '../../domain/status.js';
import {
  displayId,
  displayText,
  personTypeText,
  type ReportInput,
  scopeLines,
  sourceLabel,
} from './report-rows.js';
import type { ReportOptions, ReportTable } from './table.js';

/** The findings log of `input`. */
export function buildFindingsReport(input: ReportInput, options: ReportOptions): ReportTable {
  return {
    title: '核验问题记录',
    meta: scopeLines(input, '单位', '导出日期'),
    columns: [
      { header: '序号', width: 6, kind: 'number' },
      { header: '日期', width: 11 },
      { header: '首次时间', width: 17 },
      { header: '最近时间', width: 17 },
      { header: '次数', width: 6, kind: 'number' },
      { header: '核验结果', width: 12, kind: 'status' },
      { header: '状态词', width: 14 },
      { header: '姓名', width: 10 },
      { header: '身份证号', width: 21, kind: 'id' },
      { header: '操作项目', width: 16 },
      { header: '人员类型', width: 14 },
      { header: '单位', width: 20 },
      { header: '来源', width: 24 },
      { header: '数据来源', width: 14 },
      { header: '平台答复', width: 36 },
      { header: '答复时间', width: 17 },
      { header: '说明', width: 36 },
    ],
    rows: input.rows.map((r, i) => ({
      cells: [
        i + 1,
        r.day,
        formatChinaTime(r.at),
        formatChinaTime(r.lastAt),
        r.count,
        statusLabel(r.status),
        r.status,
        r.name ?? '',
        displayId(r.idNumber, options.fullIds),
        r.item ?? '',
        personTypeText(r.personType),
        r.enterprise ?? '',
        r.origin,
        sourceLabel(r.source),
        displayText(r.platformSaid, options.fullIds),
        r.answeredAt ? formatChinaTime(r.answeredAt) : '',
        displayText(r.reasons.join('；'), options.fullIds),
      ],
      status: r.status,
    })),
    footer: [],
  };
}
