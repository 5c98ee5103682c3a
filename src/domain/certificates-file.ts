/**
 * The certificates data file `{ "certificates": [ … ] }` (DESIGN.md "Simulator data file"): the simulator's
 * sample data and an official export imported into the registry share it, so both validate with this one schema
 * and explain a problem in the same Chinese words.
 */
import { z } from 'zod';
import type { CertificateRecord } from './certificate.js';
import { isCalendarDate } from './dates.js';

/** One entry of the file: a certificate; `history: true` marks one the platform lists below 历史数据. */
export type CertificateEntry = CertificateRecord & { history?: boolean };

const date = z.string().refine(isCalendarDate, '应为真实存在的日期，格式 YYYY-MM-DD');
const text = z.string().trim().min(1, '不能为空字符串（没有就省略该项）');

/** Schema of one certificate entry (unknown fields refused). */
export const certificateEntrySchema = z.strictObject({
  kind: z.enum(['special', 'safety'], '应为 special（特种作业）或 safety（安全生产知识和管理能力）'),
  idNumber: z.string().regex(/^\d{17}[\dX]$/, '应为 18 位身份证号（最后一位可为大写 X）'),
  name: text,
  sex: z.enum(['男', '女'], '应为 男 或 女').optional(),
  certNumber: text.optional(),
  category: text.optional(),
  item: text.optional(),
  role: text.optional(),
  industry: text.optional(),
  firstIssued: date.optional(),
  validFrom: date.optional(),
  validUntil: date,
  reviewDue: date.optional(),
  reviewedOn: date.optional(),
  issuer: text.optional(),
  platformStatus: text.optional(),
  history: z.boolean('应为 true 或 false').optional(),
});

/**
 * The Chinese text of each validation problem of `value`, at most `max`: "<where>：<problem>", where `where`
 * names the place of an issue path (e.g. "第 3 条证书的 validUntil"). A missing field says 缺失（必填）.
 */
export function describeIssues(
  error: z.ZodError,
  value: unknown,
  where: (path: readonly PropertyKey[]) => string,
  max = 10,
): string[] {
  return error.issues.slice(0, max).map((issue) => {
    const place = where(issue.path);
    if (issue.code === 'unrecognized_keys') return `${place}有未知字段 ${issue.keys.join(', ')}`;
    if (valueAt(value, issue.path) === undefined) return `${place}：缺失（必填）`;
    return `${place}：${issue.message}`;
  });
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}
