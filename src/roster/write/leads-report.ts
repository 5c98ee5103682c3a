/**
 * 疑似假证线索清单 for a bureau: one row per lead (not found on the platform, a name that does not match, a photo's
 * QR code opening a fake lookup site, a card altered from the platform's record), with its kind, who reported it,
 * the enterprise, the query, what the platform answered and when, and what a photo showed.
 */
import { formatChinaTime } from '../../domain/dates.js';
import type { PhotoEvidence } from '../../domain/finding.js';
import { LEAD_KIND_LABELS } from '../../domain/lead.js';
import { statusLabel } from '../../domain/status.js';
import {
  displayId,
  displayText,
  type ReportInput,
  requesterText,
  scopeLines,
  sourceLabel,
} from './report-rows.js';
import type { ReportOptions, ReportTable } from './table.js';

/** The leads list of `input`. */
export function buildLeadsReport(input: ReportInput, options: ReportOptions): ReportTable {
  const leads = input.rows.flatMap((r) => (r.lead ? [{ r, kind: r.lead }] : []));
  return {
    title: '疑似假证线索清单',
    meta: scopeLines(input, '单位', '制表日期'),
    columns: [
      { header: '序号', width: 6, kind: 'number' },
      { header: '线索类型', width: 14 },
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
      { header: '照片证据', width: 48 },
      { header: '线索状态', width: 16 },
      { header: '复核日期', width: 12 },
      { header: '状态说明', width: 40 },
    ],
    rows: leads.map(({ r, kind }, i) => {
      const standing = r.findingId === undefined ? undefined : input.leadStanding?.(r.findingId);
      return {
        cells: [
          i + 1,
          LEAD_KIND_LABELS[kind],
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
          r.photo ? displayText(photoEvidenceText(r.photo), options.fullIds) : '',
          standing?.label ?? '',
          standing?.recheckOn ?? '',
          displayText(standing?.note ?? '', options.fullIds),
        ],
        status: r.status,
      };
    }),
    footer: [
      '线索状态：待复核 = 新发证书可能数日内尚未上网，到复核日期再查一次，查到即撤回，仍未查到才上报；已上报 = 已交（或待交）应急管理局；已撤回 = 后来查到了证书，不再作为线索（已上报的同时告知应急管理局）；被退回 / 编号冲突 = 应急管理局未接收，见状态说明。',
      '说明：未查到 = 全国统一平台没有查询到相关证件信息；姓名不符 = 该证件号在平台登记的姓名与所报不符；假冒查询网站 = 证件照片上的二维码指向的不是官方查询平台；疑似涂改证件 = 证件照片上的内容与平台记录不符。新发证书可能 3 日内尚未上网，移交前请核实。涉嫌伪造、买卖证件的，移交公安机关查处。',
      `填报人：　　　　　　联系方式：　　　　　　填报日期：${input.today}`,
    ],
  };
}

/** What a photo showed, in words: why it is a lead, the card beside the platform, the QR code, the image's hash. */
export function photoEvidenceText(photo: PhotoEvidence): string {
  const parts = [...photo.findings];
  for (const d of photo.differences) parts.push(`${d.label}：证上 ${d.card}，平台 ${d.platform ?? '无'}`);
  if (photo.qrText) parts.push(`二维码：${photo.qrText}`);
  parts.push(`图片 SHA-256：${photo.sha256}`);
  if (photo.imageFile) parts.push(`图片已保存：${photo.imageFile}`);
  return parts.join('；');
}
