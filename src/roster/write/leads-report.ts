/**
 * 疑似假证线索清单 for a bureau: one row per suspected fake (not found on the platform, or a name that does not
 * match), with who reported it, the enterprise, the query and what the platform answered and when.
 */
import { formatChinaTime } from '../../domain/dates.js';
import { statusLabel, type VerdictStatus } from '../../domain/status.js';
import {
  displayId,
  displayText,
  type ReportInput,
  requesterText,
  scopeLines,
  sourceLabel,
} from './report-rows.js';
import type { ReportOptions, ReportTable } from './table.js';

/** The statuses that make a lead. */
export const LEAD_STATUSES: readonly VerdictStatus[] = ['not_found', 'name_mismatch'];

/** The leads list of `input`: the rows judged a lead, and the rows whose status makes one. */
export function buildLeadsReport(input: ReportInput, options: ReportOptions): ReportTable {
  const leads = input.rows.filter((r) => r.leadKind !== undefined || LEAD_STATUSES.includes(r.status));
  return {
    title: '疑似假证线索清单',
    meta: scopeLines(input, '单位', '制表日期'),
    columns: [
      { header: '序号', width: 6, kind: 'number' },
      { header: '发现日期', width: 12 },
      { header: '报告人', width: 20 },
      { header: '单位', width: 20 },
      { header: '姓名', width: 10 },
      { header: '身份证号', width: 21, kind: 'id' },
      { header: '操作项目', width: 16 },
      { header: '核验结果', width: 10, kind: 'status' },
      { header: '平台答复', width: 40 },
      { header: '答复时间', width: 17 },
      { header: '数据来源', width: 14 },
      { header: '报告次数', width: 8, kind: 'number' },
    ],
    rows: leads.map((r, i) => ({
      cells: [
        i + 1,
        r.day,
        r.requester ? requesterText(r.requester) : r.origin,
        r.enterprise ?? '',
        r.name ?? '',
        displayId(r.idNumber, options.fullIds),
        r.item ?? '',
        statusLabel(r.status),
        displayText(r.platformSaid, options.fullIds),
        r.answeredAt ? formatChinaTime(r.answeredAt) : '',
        sourceLabel(r.source),
        r.count,
      ],
      status: r.status,
    })),
    footer: [
      '说明：未查到 = 全国统一平台没有查询到相关证件信息；姓名不符 = 该证件号在平台登记的姓名与所报不符。新发证书可能 3 日内尚未上网，移交前请核实。涉嫌伪造、买卖证件的，移交公安机关查处。',
      `填报人：　　　　　　联系方式：　　　　　　填报日期：${input.today}`,
    ],
  };
}
